import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Page, Video } from '../types';
import { VideoCard } from './VideoCard';

const TAGS = ['games', 'music', 'talk', 'art', 'tech', 'sports'];

export default function Videos() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const sort = params.get('sort') ?? 'new';
  const [items, setItems] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState(q);

  const query = (c: string | null) => {
    const p = new URLSearchParams({ limit: '24', sort });
    if (q) p.set('q', q);
    if (tag) p.set('tag', tag);
    if (c) p.set('cursor', c);
    return `/api/videos?${p}`;
  };

  useEffect(() => {
    setItems([]);
    api.get<Page<Video>>(query(null)).then(
      (page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [q, tag, sort]); // eslint-disable-line react-hooks/exhaustive-deps

  const more = () =>
    api.get<Page<Video>>(query(cursor)).then(
      (page) => {
        setItems((old) => [...old, ...page.items]);
        setCursor(page.nextCursor);
      },
      (e) => setError(errorMessage(e)),
    );

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    update('q', draft.trim());
  };

  return (
    <>
      <h1>Videos</h1>
      <form className="filters" onSubmit={search} role="search">
        <input
          type="search"
          aria-label="Search videos"
          placeholder="Search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <select
          aria-label="Sort"
          value={sort}
          onChange={(e) => update('sort', e.target.value === 'new' ? '' : e.target.value)}
        >
          <option value="new">Newest</option>
          <option value="views">Most viewed</option>
          <option value="likes">Most liked</option>
        </select>
      </form>
      <div className="chips">
        {TAGS.map((t) => (
          <button
            key={t}
            type="button"
            className={t === tag ? 'chip on' : 'chip'}
            aria-pressed={t === tag}
            onClick={() => update('tag', t === tag ? '' : t)}
          >
            #{t}
          </button>
        ))}
      </div>
      {error && <p className="error">{error}</p>}
      {!error && items.length === 0 && <p className="muted">No videos found.</p>}
      <ul className="grid">
        {items.map((v) => (
          <VideoCard key={v.id} video={v} />
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={more}>
          Load more
        </button>
      )}
    </>
  );
}
