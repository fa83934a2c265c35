// The signed-in streamer's recordings with their status, polled while any of them is still on its way.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Page, Recording } from '../types';
import { useApi } from '../useApi';
import { duration, recordingLabel, recordingsSettled } from './format';

/** onReadyCount: how many are ready, so the videos list can reload when a new one lands. */
export function MyRecordings({ onReadyCount }: { onReadyCount?: (ready: number) => void }) {
  const [settled, setSettled] = useState(true);
  const [retryError, setRetryError] = useState<string | null>(null);
  // Quickly while a recording is on its way, slowly otherwise (a new live session adds one).
  const { data, error, reload } = useApi<Page<Recording>>('/api/recordings?limit=20', settled ? 15_000 : 3_000,
    (page) => {
      setSettled(recordingsSettled(page.items));
      onReadyCount?.(page.items.filter((r) => r.status === 'ready').length);
    });
  // Another go at a failed recording (e.g. the library was down longer than the automatic retries).
  const retry = (id: string) => api.request('POST', `/api/recordings/${encodeURIComponent(id)}/retry`, {})
    .then(() => { setRetryError(null); setSettled(false); reload(); },
      (e) => setRetryError(errorMessage(e)));
  return (
    <section className="panel" aria-labelledby="my-recordings">
      <h2 id="my-recordings">My recordings</h2>
      {error && <p className="error">{error.message}</p>}
      {retryError && <p className="error" role="alert">{retryError}</p>}
      {data && data.items.length === 0 && <p className="muted">Every live session is recorded; yours will show up here.</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="list">
            <thead><tr><th>Title</th><th>Started</th><th>Length</th><th>Status</th><th /></tr></thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-recording={r.id} data-status={r.status}>
                  <td>{r.title}</td>
                  <td>{r.sessionStartedAt ? new Date(r.sessionStartedAt).toLocaleString() : '—'}</td>
                  <td>{duration(r.durationSeconds)}</td>
                  <td className={`rec-${r.status}`}>{recordingLabel(r)}</td>
                  <td>
                    {r.videoId && <Link to={`/videos/${r.videoId}`}>Watch</Link>}
                    {r.status === 'failed' && (
                      <button type="button" onClick={() => retry(r.id)} aria-label={`Retry ${r.title}`}>Retry</button>
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
