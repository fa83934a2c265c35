import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { loadHls, Player } from '../player/Player';
import { useSession } from '../session';
import { count } from '../text';
import type { Video } from '../types';
import { useApi } from '../useApi';

void loadHls(); // in parallel with the page's API call

export default function WatchVideo() {
  const { id = '' } = useParams();
  const { user, ready } = useSession();
  // After the session is restored: an owner's private video is a 404 without the token.
  const { data: video, error, reload } = useApi<Video>(ready ? `/api/videos/${encodeURIComponent(id)}` : null);
  useEffect(() => {
    if (ready) reload();
  }, [user?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const [likes, setLikes] = useState<{ likes: number; likedByMe: boolean } | null>(null);

  const countView = useCallback(() => {
    api.request('POST', `/api/videos/${encodeURIComponent(id)}/view`, {}).catch(() => {});
  }, [id]);

  if (error) return <p className="error">{error.status === 404 ? 'No such video.' : error.message}</p>;
  if (!video) return <p className="muted">Loading…</p>;
  const liked = likes?.likedByMe ?? video.likedByMe ?? false;
  const toggleLike = () =>
    api
      .request<{
        likes: number;
        likedByMe: boolean;
      }>(liked ? 'DELETE' : 'POST', `/api/videos/${encodeURIComponent(id)}/like`)
      .then(setLikes, () => reload());

  return (
    <article>
      {video.hlsUrl || video.mp4Url ? (
        <Player
          src={video.hlsUrl ?? video.mp4Url!}
          live={false}
          mp4Fallback={video.mp4Url}
          poster={video.posterUrl}
          onFirstPlay={countView}
        />
      ) : (
        <div className="player offline">
          <p>This video has no playable media.</p>
        </div>
      )}
      <h1>{video.title}</h1>
      <p className="muted">
        {video.owner.username} · {count(video.views, 'view')} · {new Date(video.createdAt).toLocaleDateString()}
        {video.visibility !== 'public' && <> · {video.visibility}</>}
      </p>
      {user ? (
        <button type="button" aria-pressed={liked} onClick={toggleLike}>
          {liked ? '♥' : '♡'} {likes?.likes ?? video.likes}
        </button>
      ) : (
        <p className="muted">
          {count(video.likes, 'like')} · <Link to="/signin">sign in</Link> to like
        </p>
      )}
      {video.description && <p>{video.description}</p>}
      <p>
        {video.tags.map((t) => (
          <Link key={t} className="chip" to={`/videos?tag=${encodeURIComponent(t)}`}>
            #{t}
          </Link>
        ))}
      </p>
    </article>
  );
}
