// The signed-in streamer's recordings with their status, polled while any of them is still on its way.
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { ListPanel, WatchOrRetry } from '../components/ListPanel';
import type { Page, Recording } from '../types';
import { useApi } from '../useApi';
import { duration, recordingLabel, recordingsSettled } from './format';

/** onReadyCount: how many are ready, so the videos list can reload when a new one lands. */
export function MyRecordings({ onReadyCount }: { onReadyCount?: (ready: number) => void }) {
  const [settled, setSettled] = useState(true);
  const [retryError, setRetryError] = useState<string | null>(null);
  // Quickly while a recording is on its way, slowly otherwise (a new live session adds one).
  const { data, error, reload } = useApi<Page<Recording>>(
    '/api/recordings?limit=20',
    settled ? 15_000 : 3_000,
    (page) => {
      setSettled(recordingsSettled(page.items));
      onReadyCount?.(page.items.filter((r) => r.status === 'ready').length);
    },
  );
  // Another go at a failed recording (e.g. the library was down longer than the automatic retries).
  const retry = (id: string) =>
    api.request('POST', `/api/recordings/${encodeURIComponent(id)}/retry`, {}).then(
      () => {
        setRetryError(null);
        setSettled(false);
        reload();
      },
      (e) => setRetryError(errorMessage(e)),
    );
  return (
    <ListPanel
      id="my-recordings"
      heading="My recordings"
      error={error?.message}
      actionError={retryError}
      empty="Every live session is recorded; yours will show up here."
      heads={['Title', 'Started', 'Length', 'Status']}
      count={data ? data.items.length : null}
    >
      {data?.items.map((r) => (
        <tr key={r.id} data-recording={r.id} data-status={r.status}>
          <td>{r.title}</td>
          <td>{r.sessionStartedAt ? new Date(r.sessionStartedAt).toLocaleString() : '—'}</td>
          <td>{duration(r.durationSeconds)}</td>
          <td className={`rec-${r.status}`}>{recordingLabel(r)}</td>
          <td>
            <WatchOrRetry
              videoId={r.videoId}
              failed={r.status === 'failed'}
              name={r.title}
              onRetry={() => retry(r.id)}
            />
          </td>
        </tr>
      ))}
    </ListPanel>
  );
}
