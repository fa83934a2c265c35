// The signed-in streamer's videos (all visibilities): change who sees them, edit title, description and tags,
// delete with a second click.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Page, RecordingVisibility, Video } from '../types';
import { useApi } from '../useApi';
import { count } from '../text';
import { duration, parseTags } from './format';

function VideoRow({
  video,
  onChanged,
  onDeleted,
}: {
  video: Video;
  onChanged: (v: Video) => void;
  onDeleted: (id: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description ?? '');
  const [tags, setTags] = useState(video.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  const path = `/api/videos/${encodeURIComponent(video.id)}`;

  const patch = (body: Record<string, unknown>) =>
    api.request<Video>('PATCH', path, body).then(
      (v) => {
        onChanged(v);
        setError(null);
        return true;
      },
      (e) => {
        setError(errorMessage(e));
        return false;
      },
    );
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await patch({ title: title.trim(), description, tags: parseTags(tags) })) setEditing(false);
  };
  const remove = () =>
    api.request('DELETE', path).then(
      () => onDeleted(video.id),
      (e) => setError(errorMessage(e)),
    );

  return (
    <li className="video-row" data-video={video.id}>
      <div className="video-summary">
        <Link to={`/videos/${video.id}`} className="video-title">
          {video.title}
        </Link>
        <span className="muted">
          {duration(video.durationSeconds)} · {count(video.views, 'view')} · {count(video.likes, 'like')}
        </span>
        <select
          aria-label={`Visibility of ${video.title}`}
          value={video.visibility}
          onChange={(e) => void patch({ visibility: e.target.value as RecordingVisibility })}
        >
          <option value="public">Public</option>
          <option value="unlisted">Unlisted</option>
          <option value="private">Private</option>
        </select>
        <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          Edit
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={remove}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {editing && (
        <form className="form" onSubmit={save} aria-label={`Edit ${video.title}`}>
          <label>
            Title
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
          </label>
          <label>
            Description
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={5000} />
          </label>
          <label>
            Tags (comma or space separated)
            <input value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
          <div className="copy-row">
            <button type="submit">Save</button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** refresh: a value that changes when the list is worth loading again (a recording became a video). */
export function MyVideos({ ownerId, refresh }: { ownerId: string; refresh?: unknown }) {
  const { data, error, setData, reload } = useApi<Page<Video>>(
    `/api/videos?owner=${encodeURIComponent(ownerId)}&limit=50`,
    30_000,
  );
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [refresh, reload]);
  const replace = (v: Video) =>
    setData((page) => page && { ...page, items: page.items.map((o) => (o.id === v.id ? { ...o, ...v } : o)) });
  const drop = (id: string) => setData((page) => page && { ...page, items: page.items.filter((o) => o.id !== id) });
  return (
    <section className="panel" aria-labelledby="my-videos">
      <h2 id="my-videos">My videos</h2>
      <p className="muted">
        A video made private stops playing for others at once; copies already in caches expire within a minute.
      </p>
      {error && <p className="error">{error.message}</p>}
      {data && data.items.length === 0 && (
        <p className="muted">No videos yet: a recording becomes a video when it is ready.</p>
      )}
      <ul className="video-list">
        {data?.items.map((v) => <VideoRow key={v.id} video={v} onChanged={replace} onDeleted={drop} />)}
      </ul>
    </section>
  );
}
