import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import { loadHls, Player } from '../player/Player';
import type { Stream } from '../types';
import { uptime, useApi } from '../useApi';

void loadHls(); // in parallel with the page's API call

const HEARTBEAT_MS = 15_000;

/** One id per tab, so a viewer is counted once however often the page polls. */
function viewerId(): string {
  let id = sessionStorage.getItem('millrace.viewerId');
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem('millrace.viewerId', id);
  }
  return id;
}

export default function WatchLive() {
  const { streamId = '' } = useParams();
  const { data: stream, error } = useApi<Stream>(`/api/streams/${encodeURIComponent(streamId)}`, 5_000);
  const onAir = stream?.status === 'live' || stream?.status === 'reconnecting';

  useEffect(() => {
    if (!onAir) return undefined;
    const beat = () =>
      api
        .request('POST', `/api/streams/${encodeURIComponent(streamId)}/viewers/heartbeat`, { viewerId: viewerId() })
        .catch(() => {});
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [streamId, onAir]);

  if (error) return <p className="error">{error.status === 404 ? 'No such stream.' : error.message}</p>;
  if (!stream) return <p className="muted">Loading…</p>;
  return (
    <article>
      {stream.status === 'offline' ? (
        <div className="player offline">
          <p>{stream.title} is offline.</p>
        </div>
      ) : (
        <>
          {stream.status === 'reconnecting' && (
            <p className="notice">The streamer's connection dropped; reconnecting…</p>
          )}
          <Player src={stream.playbackUrl} live />
        </>
      )}
      <h1>{stream.title}</h1>
      <p className="muted">
        {stream.owner.username}
        {onAir && (
          <>
            {' '}
            · <span data-testid="viewers">{stream.viewers}</span> watching · live for {uptime(stream.startedAt)}
          </>
        )}
      </p>
      {stream.description && <p>{stream.description}</p>}
    </article>
  );
}
