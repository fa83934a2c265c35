// One file of the queue: its details while a draft, then the transfer with pause, resume and cancel, then the
// server's processing with a link to the finished video, or the reason it failed and another go.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { VisibilitySelect } from '../dashboard/VisibilitySelect';
import { bytes, uploadStatusLabel } from './format';
import { ProcessingProgress, TransferProgress } from './UploadProgress';
import { type Phase, type QueueItem, type UploadQueue } from './UploadQueue';

const PHASE_LABELS: Record<Phase, string> = {
  draft: 'Not sent yet',
  waiting: 'Waiting for the file before it',
  uploading: 'Uploading',
  retrying: 'Reconnecting',
  paused: 'Paused',
  stopped: 'Stopped',
  rejected: 'Refused',
  cancelling: 'Cancelling…',
  sent: 'Sent',
};

function DraftForm({ item, queue }: { item: QueueItem; queue: UploadQueue }) {
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(queue.start(item.key));
  };
  return (
    <form className="form" onSubmit={submit} aria-label={`Details of ${item.file.name}`}>
      <label>
        Title
        <input
          name="title"
          value={item.title}
          maxLength={120}
          required
          onChange={(e) => queue.update(item.key, { title: e.target.value })}
        />
      </label>
      <label>
        Description
        <textarea
          name="description"
          value={item.description}
          rows={2}
          maxLength={5000}
          onChange={(e) => queue.update(item.key, { description: e.target.value })}
        />
      </label>
      <label>
        Tags (separated by commas)
        <input name="tags" value={item.tags} onChange={(e) => queue.update(item.key, { tags: e.target.value })} />
      </label>
      <VisibilitySelect
        label="Visibility"
        value={item.visibility}
        onChange={(visibility) => queue.update(item.key, { visibility })}
      />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <p className="copy-row">
        <button type="submit">Upload</button>
        <button type="button" onClick={() => queue.dismiss(item.key)}>
          Remove
        </button>
      </p>
    </form>
  );
}

function ServerState({ item, queue }: { item: QueueItem; queue: UploadQueue }) {
  const server = item.server!;
  const label = uploadStatusLabel(server);
  return (
    <>
      {(server.status === 'queued' || server.status === 'processing') && (
        <ProcessingProgress
          progress={server.status === 'processing' ? server.progress : null}
          label={`Processing of ${item.title}`}
        />
      )}
      <p className={`upload-state rec-${server.status}`} role="status" data-state={server.status}>
        {label}
      </p>
      <p className="copy-row">
        {server.videoId && <Link to={`/videos/${server.videoId}`}>Watch “{item.title}”</Link>}
        {server.status === 'failed' && (
          <button type="button" onClick={() => void queue.retryProcessing(item.key)}>
            Retry
          </button>
        )}
        {(server.status === 'ready' || server.status === 'failed') && (
          <button type="button" onClick={() => queue.dismiss(item.key)} aria-label={`Dismiss ${item.title}`}>
            Dismiss
          </button>
        )}
      </p>
    </>
  );
}

export function UploadItem({ item, queue }: { item: QueueItem; queue: UploadQueue }) {
  const { phase } = item;
  const transferring = phase !== 'draft' && phase !== 'sent' && phase !== 'rejected';
  return (
    <li className="upload-item panel" data-upload={item.uploadId ?? ''} data-phase={phase} data-file={item.file.name}>
      <h3>
        {item.title || item.file.name}{' '}
        <span className="muted">
          {item.file.name} · {bytes(item.file.size)}
        </span>
      </h3>
      {item.resumes && phase !== 'sent' && (
        <p className="muted">
          You started sending this file on {new Date(item.resumes.createdAt).toLocaleString()}: it goes on from there.
        </p>
      )}
      {phase === 'draft' && <DraftForm item={item} queue={queue} />}
      {transferring && (
        <>
          <TransferProgress item={item} />
          <p className="upload-phase" role="status">
            {PHASE_LABELS[phase]}
            {item.error ? `: ${item.error}` : ''}
          </p>
          <p className="copy-row">
            {(phase === 'uploading' || phase === 'retrying' || phase === 'waiting') && (
              <button type="button" onClick={() => queue.pause(item.key)} aria-label={`Pause ${item.title}`}>
                Pause
              </button>
            )}
            {(phase === 'paused' || phase === 'stopped') && (
              <button type="button" onClick={() => queue.resume(item.key)} aria-label={`Resume ${item.title}`}>
                Resume
              </button>
            )}
            {phase !== 'cancelling' && (
              <button
                type="button"
                className="danger"
                onClick={() => void queue.cancel(item.key)}
                aria-label={`Cancel ${item.title}`}
              >
                Cancel
              </button>
            )}
          </p>
        </>
      )}
      {phase === 'rejected' && (
        <>
          <p className="error" role="alert">
            {item.error}
          </p>
          <button type="button" onClick={() => queue.dismiss(item.key)} aria-label={`Dismiss ${item.file.name}`}>
            Dismiss
          </button>
        </>
      )}
      {phase === 'sent' && item.server && <ServerState item={item} queue={queue} />}
      {phase === 'sent' && item.error && (
        <p className="error" role="alert">
          {item.error}
        </p>
      )}
    </li>
  );
}
