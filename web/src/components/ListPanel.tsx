// A dashboard panel that lists the caller's things in a table (recordings, uploads): what the lists share, so each
// keeps only its rows.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/**
 * Heading, the load error and the last action's error, a note while the list is empty, and the table with its
 * column heads (the last column, the actions, has none). `count` is null until the first answer.
 */
export function ListPanel({
  id,
  heading,
  wide = false,
  error,
  actionError,
  empty,
  heads,
  count,
  children,
}: {
  id: string;
  heading: string;
  wide?: boolean;
  error?: string | null;
  actionError?: string | null;
  empty: string;
  heads: string[];
  count: number | null;
  children: ReactNode;
}) {
  return (
    <section className={wide ? 'panel wide' : 'panel'} aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {error && <p className="error">{error}</p>}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {count === 0 && <p className="muted">{empty}</p>}
      {count !== null && count > 0 && (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                {heads.map((h) => (
                  <th key={h}>{h}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A row's Watch link once it is a video, and Retry once it failed (`name` labels the button for screen readers). */
export function WatchOrRetry({
  videoId,
  failed,
  name,
  onRetry,
}: {
  videoId?: string | null;
  failed: boolean;
  name: string;
  onRetry: () => void;
}) {
  return (
    <>
      {videoId && <Link to={`/videos/${videoId}`}>Watch</Link>}
      {failed && (
        <button type="button" onClick={onRetry} aria-label={`Retry ${name}`}>
          Retry
        </button>
      )}
    </>
  );
}
