// The creator dashboard: my streams (and a new one), my recordings, my videos.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { RequireUser } from '../components/RequireUser';
import { CreateStreamForm } from '../dashboard/CreateStreamForm';
import { statusLabel } from '../dashboard/format';
import { streamKeys } from '../dashboard/keyMemory';
import { MyRecordings } from '../dashboard/MyRecordings';
import { MyVideos } from '../dashboard/MyVideos';
import { useSession } from '../session';
import type { Page, Stream } from '../types';
import { uptime, useApi } from '../useApi';

function MyStreams({ ownerId }: { ownerId: string }) {
  const { data, error } = useApi<Page<Stream>>(`/api/streams?owner=${encodeURIComponent(ownerId)}&limit=50`, 10_000);
  return (
    <section className="panel" aria-labelledby="my-streams">
      <h2 id="my-streams">My streams</h2>
      {error && <p className="error">{error.message}</p>}
      {data && data.items.length === 0 && <p className="muted">No streams yet: create one to get your OBS settings.</p>}
      <ul className="stream-list">
        {data?.items.map((s) => (
          <li key={s.id} data-stream={s.id}>
            <Link to={`/dashboard/streams/${s.id}`}>{s.title}</Link>
            <span className={`status ${s.status}`}>{statusLabel(s.status)}</span>
            {s.status !== 'offline' && (
              <span className="muted">
                {s.viewers} watching · {uptime(s.startedAt)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DashboardPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [readyRecordings, setReadyRecordings] = useState(0);
  return (
    <>
      <h1>
        Creator dashboard{' '}
        <Link className="more" to="/dashboard/upload">
          Upload videos
        </Link>
      </h1>
      <div className="dashboard">
        <MyStreams ownerId={user!.id} />
        <CreateStreamForm
          onCreated={(s) => {
            streamKeys.remember(s.id, s.streamKey);
            navigate(`/dashboard/streams/${s.id}`);
          }}
        />
        <MyRecordings onReadyCount={setReadyRecordings} />
        <MyVideos ownerId={user!.id} refresh={readyRecordings} />
      </div>
    </>
  );
}

export default function Dashboard() {
  return (
    <RequireUser>
      <DashboardPage />
    </RequireUser>
  );
}
