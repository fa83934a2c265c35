// The live status of one stream with its ingest stats, refreshed every two seconds while the page is open.
import type { StreamStats } from '../types';
import { useApi } from '../useApi';
import { duration, stat, statusLabel, streamWarnings } from './format';

export const STATS_REFRESH_MS = 2_000;

export function LiveStats({
  streamId,
  onStatus,
}: {
  streamId: string;
  onStatus?: (status: StreamStats['status']) => void;
}) {
  const { data: s, error } = useApi<StreamStats>(
    `/api/streams/${encodeURIComponent(streamId)}/stats`,
    STATS_REFRESH_MS,
    onStatus ? (d) => onStatus(d.status) : undefined,
  );
  if (error) return <p className="error">Stats unavailable: {error.message}</p>;
  if (!s) return <p className="muted">Loading stats…</p>;
  const warnings = streamWarnings(s);
  return (
    <div className="stats">
      {/* Only the status is announced: the measures change every refresh and would drown a screen reader. */}
      <p aria-live="polite">
        <span className={`status ${s.status}`} data-testid="stream-status">
          {statusLabel(s.status)}
        </span>
        {s.status !== 'offline' && (
          <>
            {' '}
            · live for {duration(s.uptimeSeconds)} · {s.viewers} watching
          </>
        )}
      </p>
      {s.status === 'offline' && <p className="muted">Waiting for OBS: start streaming with the settings below.</p>}
      <dl className="stat-grid">
        <div>
          <dt>Bitrate</dt>
          <dd data-stat="bitrate">{stat(s.bitrateKbps, 'Kbps')}</dd>
        </div>
        <div>
          <dt>Frame rate</dt>
          <dd data-stat="fps">{stat(s.fps, 'fps', 1)}</dd>
        </div>
        <div>
          <dt>Encoder speed</dt>
          <dd data-stat="speed">{s.speed === null ? '—' : `${s.speed.toFixed(2)}x`}</dd>
        </div>
        <div>
          <dt>Round trip</dt>
          <dd data-stat="rtt">{stat(s.rttMs, 'ms', 1)}</dd>
        </div>
        <div>
          <dt>Packet loss</dt>
          <dd data-stat="loss">{stat(s.packetLossPercent, '%', 1)}</dd>
        </div>
        <div>
          <dt>Retransmitted</dt>
          <dd data-stat="retransmits">{stat(s.publisherConnected ? s.retransmits : null, 'packets')}</dd>
        </div>
      </dl>
      {warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
    </div>
  );
}
