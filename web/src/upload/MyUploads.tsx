// The caller's uploads as the server has them (GET /api/uploads): what is processing, what is ready (with its video),
// what failed and why (with another go), and transfers that stopped in another tab or before a reload.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Page, UploadInfo } from '../types';
import { useApi } from '../useApi';
import { bytes, inFlight, percent, uploadStatusLabel } from './format';
import type { UploadQueue } from './UploadQueue';

/** The list, whether the server answers a page ({items}) or a bare array. */
export function uploadsOf(data: Page<UploadInfo> | UploadInfo[] | null): UploadInfo[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items ?? [];
}

function label(u: UploadInfo): string {
  if (u.status === 'uploading' && u.length) {
    return `Stopped at ${percent(u.offset ?? 0, u.length)}: choose the same file above to go on`;
  }
  return uploadStatusLabel(u);
}

/** hide: the ids this tab's queue shows already. */
export function MyUploads({ queue, hide }: { queue: UploadQueue; hide: Set<string> }) {
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // Quickly while something is on its way, slowly otherwise.
  const { data, error, reload } = useApi<Page<UploadInfo> | UploadInfo[]>('/api/uploads', busy ? 3_000 : 15_000,
    (d) => setBusy(uploadsOf(d).some(inFlight)));
  const act = (p: Promise<unknown>) => p.then(() => { setActionError(null); setBusy(true); reload(); },
    (e) => setActionError(errorMessage(e)));
  const rows = uploadsOf(data).filter((u) => !hide.has(u.id));
  return (
    <section className="panel wide" aria-labelledby="my-uploads">
      <h2 id="my-uploads">My uploads</h2>
      {error && <p className="error">{error.message}</p>}
      {actionError && <p className="error" role="alert">{actionError}</p>}
      {data && rows.length === 0 && <p className="muted">Nothing else uploaded yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="list">
            <thead><tr><th>Title</th><th>File</th><th>Size</th><th>Uploaded</th><th>Status</th><th /></tr></thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.id} data-upload={u.id} data-status={u.status}>
                  <td>{u.title ?? '—'}</td>
                  <td>{u.filename ?? '—'}</td>
                  <td>{u.length !== undefined ? bytes(u.length) : '—'}</td>
                  <td>{u.createdAt ? new Date(u.createdAt).toLocaleString() : '—'}</td>
                  <td className={`rec-${u.status}`}>{label(u)}</td>
                  <td className="copy-row">
                    {u.videoId && <Link to={`/videos/${u.videoId}`}>Watch</Link>}
                    {u.status === 'failed' && (
                      <button type="button" aria-label={`Retry ${u.title ?? u.id}`}
                        onClick={() => act(api.request('POST', `/api/uploads/${encodeURIComponent(u.id)}/retry`, {}))}>Retry</button>
                    )}
                    {u.status === 'uploading' && (
                      <button type="button" className="danger" aria-label={`Cancel ${u.title ?? u.id}`}
                        onClick={() => act(queue.terminate(u.id))}>Cancel</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
