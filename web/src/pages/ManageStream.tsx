// One of my streams: live status and ingest stats with a preview, the OBS settings, key rotation, edit, delete.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import { RequireUser } from '../components/RequireUser';
import { passphraseProblem } from '../dashboard/format';
import { streamKeys } from '../dashboard/keyMemory';
import { LiveStats } from '../dashboard/LiveStats';
import { ObsSettings } from '../dashboard/ObsSettings';
import { VisibilitySelect } from '../dashboard/VisibilitySelect';
import { Player } from '../player/Player';
import type { OwnedStream, RecordingVisibility, StreamStats, StreamWithKey } from '../types';
import { useApi } from '../useApi';

function EditStream({ stream, onSaved }: { stream: OwnedStream; onSaved: (s: OwnedStream) => void }) {
  const [title, setTitle] = useState(stream.title);
  const [description, setDescription] = useState(stream.description ?? '');
  const [visibility, setVisibility] = useState<RecordingVisibility>(stream.recordingVisibility);
  const [passphrase, setPassphrase] = useState(stream.passphrase ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const problem = passphraseProblem(passphrase);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const saved = await api.request<OwnedStream>('PATCH', `/api/streams/${encodeURIComponent(stream.id)}`, {
        title: title.trim(),
        description,
        recordingVisibility: visibility,
        passphrase: passphrase || null,
      });
      onSaved(saved);
      setMessage({
        ok: true,
        text: passphrase !== (stream.passphrase ?? '') ? 'Saved. OBS needs the new URL.' : 'Saved.',
      });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <form className="panel form" onSubmit={save} aria-label="Stream details">
      <h2>Details</h2>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      </label>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} />
      </label>
      <VisibilitySelect label="Recordings of this stream" value={visibility} onChange={setVisibility} />
      <label>
        SRT passphrase (empty: none)
        <input
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem !== null}
        />
      </label>
      {problem && <p className="error">{problem}</p>}
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role="status">
          {message.text}
        </p>
      )}
      <button type="submit" disabled={problem !== null}>
        Save
      </button>
    </form>
  );
}

function ManageStreamPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const path = `/api/streams/${encodeURIComponent(id)}`;
  const { data: stream, error, setData, reload } = useApi<OwnedStream>(path);
  const [key, setKey] = useState(() => streamKeys.get(id));
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | null>(null);
  const [status, setStatus] = useState<StreamStats['status'] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (error) return <p className="error">{error.status === 404 ? 'No such stream of yours.' : error.message}</p>;
  if (!stream) return <p className="muted">Loading…</p>;
  if (!('srtServer' in stream)) return <p className="error">No such stream of yours.</p>;

  const rotate = () =>
    api.request<StreamWithKey>('POST', `${path}/key`, {}).then(
      (s) => {
        streamKeys.remember(s.id, s.streamKey);
        setKey(s.streamKey);
        setData(s);
        setConfirm(null);
      },
      (e) => setActionError(errorMessage(e)),
    );
  const remove = () =>
    api.request('DELETE', path).then(
      () => {
        streamKeys.forget(id);
        navigate('/dashboard');
      },
      (e) => setActionError(errorMessage(e)),
    );
  const onAir = (status ?? stream.status) !== 'offline';

  return (
    <article className="manage">
      <p>
        <Link to="/dashboard">← Dashboard</Link>
      </p>
      <h1>{stream.title}</h1>
      <div className="dashboard">
        <section className="panel wide" aria-labelledby="live-status">
          <h2 id="live-status">
            Live status{' '}
            <Link className="more" to={`/watch/${stream.id}`}>
              open the watch page
            </Link>
          </h2>
          <LiveStats
            streamId={stream.id}
            onStatus={(s) => {
              if (s !== status) {
                setStatus(s);
                reload();
              }
            }}
          />
          {onAir && (
            <div className="preview">
              <Player src={stream.playbackUrl} live />
            </div>
          )}
        </section>
        <ObsSettings stream={stream} streamKey={key} />
        <section className="panel" aria-labelledby="key-and-stream">
          <h2 id="key-and-stream">Key and stream</h2>
          <p className="muted">A new key stops the old one at once: a publisher using it cannot reconnect.</p>
          {confirm === 'rotate' ? (
            <p className="copy-row">
              <button type="button" className="danger" onClick={rotate}>
                Make a new key
              </button>
              <button type="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
            </p>
          ) : (
            <button type="button" onClick={() => setConfirm('rotate')}>
              Rotate key
            </button>
          )}
          <p className="muted">Deleting the stream does not delete its videos.</p>
          {confirm === 'delete' ? (
            <p className="copy-row">
              <button type="button" className="danger" onClick={remove}>
                Delete for good
              </button>
              <button type="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
            </p>
          ) : (
            <button type="button" onClick={() => setConfirm('delete')}>
              Delete stream
            </button>
          )}
          {actionError && (
            <p className="error" role="alert">
              {actionError}
            </p>
          )}
        </section>
        <EditStream key={stream.id} stream={stream} onSaved={(s) => setData(s)} />
      </div>
    </article>
  );
}

export default function ManageStream() {
  return (
    <RequireUser>
      <ManageStreamPage />
    </RequireUser>
  );
}
