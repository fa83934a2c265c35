import { Link } from 'react-router-dom';
import { formatTime } from '../player/controls';
import { count } from '../text';
import type { Video } from '../types';

export function VideoCard({ video }: { video: Video }) {
  return (
    <li className="card">
      <Link to={`/videos/${video.id}`}>
        <div className="thumb">
          {video.posterUrl ? <img src={video.posterUrl} alt="" loading="lazy" /> : null}
          <span className="badge">{formatTime(video.durationSeconds)}</span>
        </div>
        <strong>{video.title}</strong>
      </Link>
      <div className="muted">
        {video.owner.username} · {count(video.views, 'view')} · {count(video.likes, 'like')}
      </div>
    </li>
  );
}
