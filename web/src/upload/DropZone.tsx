// Where files come in: dropped on the zone, or chosen with the picker (a real file input, so Tab and Enter reach it).
import { useId, useState, type DragEvent } from 'react';

const ACCEPT = 'video/*,.mp4,.m4v,.mov,.mkv,.webm,.avi,.ts,.mts,.m2ts,.flv,.wmv,.3gp';

export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  const id = useId();
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragEnter={(e) => {
        if (hasFiles(e)) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragOver={(e) => {
        if (hasFiles(e)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
      }}
    >
      <p>Drop video files here, or</p>
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        className="visually-hidden"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <label htmlFor={id} className="button">
        Choose video files
      </label>
      <p className="muted">
        Several at once is fine; they are sent one after another. A file you started before resumes where it stopped.
      </p>
    </div>
  );
}
