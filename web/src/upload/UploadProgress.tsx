// A transfer's progress: a bar, the share and bytes sent, the speed and the time left; or, once sent, the server's
// processing percentage.
import type { QueueItem } from './UploadQueue';
import { bytes, percent, rate, timeLeft } from './format';

export function TransferProgress({ item }: { item: QueueItem }) {
  const total = item.file.size;
  const moving = item.phase === 'uploading';
  return (
    <div className="transfer">
      <progress max={total} value={item.sent} aria-label={`Sent of ${item.file.name}`} />
      <p className="transfer-figures" data-testid="transfer">
        <span data-figure="percent">{percent(item.sent, total)}</span>
        <span>
          {bytes(item.sent)} of {bytes(total)}
        </span>
        {moving && <span data-figure="speed">{rate(item.speed)}</span>}
        {moving && <span data-figure="left">{timeLeft(item.secondsLeft)}</span>}
        {item.resumedFrom !== null && item.resumedFrom > 0 && (
          <span data-figure="resumed">resumed at {percent(item.resumedFrom, total)}</span>
        )}
      </p>
    </div>
  );
}

export function ProcessingProgress({ progress, label }: { progress: number | null; label: string }) {
  // No value while queued: an indeterminate bar, not a false 0 %.
  return progress === null ? (
    <progress aria-label={label} />
  ) : (
    <progress max={100} value={progress} aria-label={label} />
  );
}
