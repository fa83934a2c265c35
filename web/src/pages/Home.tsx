import { Link } from 'react-router-dom';
import type { Page, Stream, Video } from '../types';
import { uptime, useApi } from '../useApi';
import { VideoCard } from './VideoCard';

export default function Home() {
  const live = useApi<Page<Stream>>('/api/streams?live=true', 15_000);
  const recent = useApi<Page<Video>>('/api/videos?limit=8');
  return (
    <>
      <h1>Live now</h1>
      {live.error && <p className="error">Could not load live streams: {live.error.message}</p>}
      {live.data && live.data.items.length === 0 && <p className="muted">Nobody is live right now.</p>}
      <ul className="grid">
        {live.data?.items.map((s) => (
          <li key={s.id} className="card">
            <Link to={`/watch/${s.id}`}>
              <div className="thumb">
                {s.thumbnailUrl ? <img src={s.thumbnailUrl} alt="" loading="lazy" /> : null}
                <span className="badge">{s.status === 'live' ? 'LIVE' : 'RECONNECTING'}</span>
              </div>
              <strong>{s.title}</strong>
            </Link>
            <div className="muted">
              {s.owner.username} · {s.viewers.toLocaleString('en-US')} watching · {uptime(s.startedAt)}
            </div>
          </li>
        ))}
      </ul>
      <h2>
        Recent videos{' '}
        <Link to="/videos" className="more">
          all videos
        </Link>
      </h2>
      <ul className="grid">{recent.data?.items.map((v) => <VideoCard key={v.id} video={v} />)}</ul>
    </>
  );
}
