// The form that creates a stream: title, description, an optional passphrase and who may watch its recordings.
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { RecordingVisibility, StreamWithKey } from '../types';
import { generatePassphrase, passphraseProblem } from './format';
import { VisibilitySelect } from './VisibilitySelect';

export function CreateStreamForm({ onCreated }: { onCreated: (stream: StreamWithKey) => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [visibility, setVisibility] = useState<RecordingVisibility>('public');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = passphraseProblem(passphrase);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { title: title.trim(), description, recordingVisibility: visibility };
      if (passphrase) body.passphrase = passphrase;
      onCreated(await api.request<StreamWithKey>('POST', '/api/streams', body));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} aria-label="New stream">
      <h2>New stream</h2>
      <label>
        Title
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      </label>
      <label>
        Description
        <textarea
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          rows={2}
        />
      </label>
      <label>
        SRT passphrase (optional: encrypts the stream from OBS to the server)
        <span className="copy-row">
          <input
            name="passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            spellCheck={false}
            aria-invalid={problem !== null}
            autoComplete="off"
          />
          <button type="button" onClick={() => setPassphrase(generatePassphrase())}>
            Generate
          </button>
        </span>
      </label>
      {problem && <p className="error">{problem}</p>}
      <VisibilitySelect label="Recordings" value={visibility} onChange={setVisibility} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || problem !== null}>
        Create stream
      </button>
    </form>
  );
}
