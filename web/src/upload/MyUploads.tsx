// The caller's uploads as the server has them (GET /api/uploads): what is processing, what is ready (with its video),
// what failed and why (with another go), and transfers that stopped in another tab or before a reload.
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { ListPanel, WatchOrRetry } from '../components/ListPanel';
import type { Page, UploadInfo } from '../types';
import { useApi } from '../useApi';
import { bytes, inFlight, percent, uploadStatusLabel } from './format';
import type { UploadQueue } from './UploadQueue';

/** The list, whether the server answers a page ({items}) or a bare array. */
export function uploadsOf(data: Page<UploadInfo> | UploadInfo[] | null): UploadInfo[] {
  if (!data) return [];
  return Array.isArray(data) ? data : (data.items ?? []);
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
  const { data, error, reload } = useApi<Page<UploadInfo> | UploadInfo[]>('/api/uploads', busy ? 3_000 : 15_000, (d) =>
    setBusy(uploadsOf(d).some(inFlight)),
  );
  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setActionError(null);
        setBusy(true);
        reload();
      },
      (e) => setActionError(errorMessage(e)),
    );
  const rows = uploadsOf(data).filter((u) => !hide.has(u.id));
  return (
    <ListPanel
      id="my-uploads"
      heading="My uploads"
      wide
      error={error?.message}
      actionError={actionError}
      empty="Nothing else uploaded yet."
      heads={['Title', 'File', 'Size', 'Uploaded', 'Status']}
      count={data ? rows.length : null}
    >
      {rows.map((u) => (
        <tr key={u.id} data-upload={u.id} data-status={u.status}>
          <td>{u.title ?? '—'}</td>
          <td>{u.filename ?? '—'}</td>
          <td>{u.length !== undefined ? bytes(u.length) : '—'}</td>
          <td>{u.createdAt ? new Date(u.createdAt).toLocaleString() : '—'}</td>
          <td className={`rec-${u.status}`}>{label(u)}</td>
          <td className="copy-row">
            <WatchOrRetry
              videoId={u.videoId}
              failed={u.status === 'failed'}
              name={u.title ?? u.id}
              onRetry={() => act(api.request('POST', `/api/uploads/${encodeURIComponent(u.id)}/retry`, {}))}
            />
            {u.status === 'uploading' && (
              <button
                type="button"
                className="danger"
                aria-label={`Cancel ${u.title ?? u.id}`}
                onClick={() => act(queue.terminate(u.id))}
              >
                Cancel
              </button>
            )}
          </td>
        </tr>
      ))}
    </ListPanel>
  );
}
