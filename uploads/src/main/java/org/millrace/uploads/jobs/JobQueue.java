package org.millrace.uploads.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transcoding queue in the {@code uploads} table. A worker claims the most overdue job that is {@code queued} and
 * due, or {@code processing} under a lease that ran out (its worker died), in one statement with
 * {@code FOR UPDATE SKIP LOCKED}, so two workers never take the same job; every later change is conditional on the
 * claim ({@code claimed_by}), so a worker whose job was taken over changes nothing.
 */
public final class JobQueue {
    /** Errors are shown to the uploader: kept to what a column and a page hold. */
    private static final int MAX_ERROR = 500;

    private static final String COLUMNS = "id, owner_id, owner_username, filename, title, description, tags, "
            + "visibility, source_key, upload_length, attempts, created_at";
    private static final String HELD = "id = $1 AND status = 'processing' AND claimed_by = $2";

    private final Pool pool;

    public JobQueue(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims the next job for {@code worker} with a lease of {@code lease}: one more attempt, progress 0. A job whose
     * lease ran out after {@code maxAttempts} claims is failed instead of claimed again (a file that kills its worker
     * every time must not kill them all).
     */
    public Future<Optional<TranscodeJob>> claim(String worker, Duration lease, int maxAttempts) {
        return pool.preparedQuery("UPDATE uploads SET status = 'failed', claimed_by = NULL, lease_until = NULL, "
                        + "error = 'transcoding stopped ' || attempts || ' times without finishing (the worker "
                        + "stopped or ran out of memory); the file may be too demanding', updated_at = now() "
                        + "WHERE status = 'processing' AND lease_until <= now() AND attempts >= $1")
                .execute(Tuple.of(maxAttempts))
                .compose(failed -> pool.preparedQuery("UPDATE uploads SET status = 'processing', claimed_by = $1, "
                                + "lease_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1, "
                                + "progress = 0, error = NULL, updated_at = now() "
                                + "WHERE id = (SELECT id FROM uploads WHERE (status = 'queued' AND next_attempt_at <= now()) "
                                + "OR (status = 'processing' AND lease_until <= now()) "
                                + "ORDER BY next_attempt_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED) "
                                + "RETURNING " + COLUMNS)
                        .execute(Tuple.of(worker, lease.toMillis())))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(job(rows.iterator().next())));
    }

    /** Extends the lease; false when the job is no longer this worker's. */
    public Future<Boolean> renew(String id, String worker, Duration lease) {
        return pool.preparedQuery("UPDATE uploads SET lease_until = now() + $3 * interval '1 millisecond', "
                        + "updated_at = now() WHERE " + HELD)
                .execute(Tuple.of(id, worker, lease.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records progress (0-100, never backwards within an attempt). */
    public Future<Boolean> progress(String id, String worker, int percent) {
        return pool.preparedQuery(
                        "UPDATE uploads SET progress = GREATEST(progress, $3), updated_at = now() WHERE " + HELD)
                .execute(Tuple.of(id, worker, Math.max(0, Math.min(100, percent))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The job made {@code videoId}: ready, 100 %. */
    public Future<Boolean> ready(String id, String worker, String videoId) {
        return pool.preparedQuery("UPDATE uploads SET status = 'ready', progress = 100, video_id = $3, error = NULL, "
                        + "claimed_by = NULL, lease_until = NULL, updated_at = now() WHERE " + HELD)
                .execute(Tuple.of(id, worker, videoId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The file cannot become a video: failed with {@code error}, not tried again (the owner may retry). */
    public Future<Boolean> fail(String id, String worker, String error) {
        return pool.preparedQuery("UPDATE uploads SET status = 'failed', error = $3, claimed_by = NULL, "
                        + "lease_until = NULL, updated_at = now() WHERE " + HELD)
                .execute(Tuple.of(id, worker, clip(error)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Something outside the file failed (storage, the video library): queued again after {@code delay}, or failed
     * with {@code error} once the job has had {@code maxAttempts}.
     */
    public Future<Boolean> retryLater(String id, String worker, String error, Duration delay, int maxAttempts) {
        return pool.preparedQuery(
                        "UPDATE uploads SET status = CASE WHEN attempts >= $5 THEN 'failed' ELSE 'queued' END, "
                                + "error = $3, next_attempt_at = now() + $4 * interval '1 millisecond', progress = 0, "
                                + "claimed_by = NULL, lease_until = NULL, updated_at = now() WHERE " + HELD)
                .execute(Tuple.of(id, worker, clip(error), delay.toMillis(), maxAttempts))
                .map(rows -> rows.rowCount() == 1);
    }

    private static String clip(String error) {
        String e = error == null || error.isBlank() ? "transcoding failed" : error.strip();
        return e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR - 1) + "…" : e;
    }

    private static TranscodeJob job(Row row) {
        List<String> tags = new ArrayList<>();
        String[] array = row.getArrayOfStrings("tags");
        if (array != null) {
            tags.addAll(List.of(array));
        }
        OffsetDateTime created = row.getOffsetDateTime("created_at");
        return new TranscodeJob(
                row.getString("id"),
                row.getString("owner_id"),
                row.getString("owner_username"),
                row.getString("filename"),
                row.getString("title"),
                row.getString("description"),
                tags,
                row.getString("visibility"),
                row.getString("source_key"),
                row.getLong("upload_length"),
                row.getInteger("attempts"),
                created == null ? Instant.now() : created.toInstant());
    }
}
