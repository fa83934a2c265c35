// The creator dashboard's upload page: files dropped or chosen, each with its title, description, tags and
// visibility up front, sent resumably, then followed until the video is ready; below, every upload of the caller.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { RequireUser } from '../components/RequireUser';
import { VisibilitySelect } from '../dashboard/VisibilitySelect';
import type { RecordingVisibility } from '../types';
import { DropZone } from '../upload/DropZone';
import { MyUploads } from '../upload/MyUploads';
import { UploadItem } from '../upload/UploadItem';
import type { UploadQueue } from '../upload/UploadQueue';
import { useUploadQueue } from '../upload/useUploadQueue';

export function UploadPage({ queue: given }: { queue?: UploadQueue }) {
  const { items, queue } = useUploadQueue(given);
  const [visibility, setVisibility] = useState<RecordingVisibility>('public');
  const hide = useMemo(() => new Set(items.map((i) => i.uploadId).filter((id): id is string => id !== null)), [items]);
  const drafts = items.filter((i) => i.phase === 'draft').length;
  return (
    <article className="upload-page">
      <p>
        <Link to="/dashboard">← Dashboard</Link>
      </p>
      <h1>Upload videos</h1>
      <div className="dashboard">
        <section className="panel wide" aria-labelledby="new-uploads">
          <h2 id="new-uploads">New uploads</h2>
          <div className="form">
            <VisibilitySelect label="Visibility of the files you add" value={visibility} onChange={setVisibility} />
          </div>
          <DropZone onFiles={(files) => queue.add(files, { visibility, description: '', tags: '' })} />
          {drafts > 1 && (
            <button type="button" onClick={() => queue.startAll()}>
              Upload all {drafts}
            </button>
          )}
          {items.length > 0 && (
            <ul className="upload-list" aria-label="This session's uploads">
              {items.map((item) => (
                <UploadItem key={item.key} item={item} queue={queue} />
              ))}
            </ul>
          )}
        </section>
        <MyUploads queue={queue} hide={hide} />
      </div>
    </article>
  );
}

export default function Upload() {
  return (
    <RequireUser>
      <UploadPage />
    </RequireUser>
  );
}
