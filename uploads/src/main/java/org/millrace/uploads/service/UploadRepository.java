package org.millrace.uploads.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.millrace.core.bus.UploadCreate;
import org.millrace.core.storage.StorageLayout;

/**
 * The upload side of the {@code uploads} table. The offset only moves forward, by the writer holding the upload's
 * claim and from the offset it claimed at, so two writers can never both record bytes; the status leaves
 * {@code uploading} only here (to {@code queued}, with the last byte) and comes back to {@code queued} from
 * {@code failed} on a retry.
 */
public final class UploadRepository {
    private static final String COLUMNS = "id, seq, owner_id, filename, title, description, tags, visibility, "
            + "upload_length, upload_offset, status, progress, error, video_id, storage_state, writer, expires_at, "
            + "created_at, updated_at";

    private final Pool pool;

    public UploadRepository(Pool pool) {
        this.pool = pool;
    }

    /** The new upload, or empty when its owner already has {@code cap} unfinished ones. */
    public Future<Optional<UploadRow>> insert(String id, UploadCreate create, Duration expiry, int cap) {
        return pool.preparedQuery("INSERT INTO uploads (id, owner_id, owner_username, filename, title, description, "
                        + "tags, visibility, upload_length, source_key, expires_at) "
                        + "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11) "
                        + "WHERE (SELECT count(*) FROM uploads WHERE owner_id = $2 AND status = 'uploading') < $12 "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(id)
                        .addString(create.ownerId())
                        .addString(create.ownerUsername() == null ? "" : create.ownerUsername())
                        .addString(create.filename())
                        .addString(create.title())
                        .addString(create.description() == null ? "" : create.description())
                        .addArrayOfString(create.tags().toArray(String[]::new))
                        .addString(create.visibility())
                        .addLong(create.length())
                        .addString(StorageLayout.uploadSource(id))
                        .addDouble((double) expiry.toSeconds())
                        .addInteger(cap))
                .map(UploadRepository::first);
    }

    public Future<Optional<UploadRow>> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE id = $1")
                .execute(Tuple.of(id))
                .map(UploadRepository::first);
    }

    /**
     * Hands the unfinished, unexpired upload to {@code writer} for {@code lease} when its offset is {@code offset}
     * and nobody else holds it (or their lease ran out); empty otherwise.
     */
    public Future<Optional<UploadRow>> claim(String id, String ownerId, long offset, String writer, Duration lease) {
        return pool.preparedQuery("UPDATE uploads SET writer = $4, writer_until = now() + make_interval(secs => $5), "
                        + "updated_at = now() WHERE id = $1 AND owner_id = $2 AND status = 'uploading' "
                        + "AND upload_offset = $3 AND expires_at > now() "
                        + "AND (writer IS NULL OR writer = $4 OR writer_until <= now()) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId, offset, writer, (double) lease.toSeconds()))
                .map(UploadRepository::first);
    }

    /**
     * Records the writer's progress (from {@code from} to {@code to}); with {@code complete} (only when {@code to}
     * is the length) the upload is queued for transcoding, due now. Empty when the writer no longer holds it.
     */
    public Future<Optional<UploadRow>> advance(
            String id,
            String writer,
            long from,
            long to,
            JsonObject state,
            boolean complete,
            boolean release,
            Duration lease,
            Duration expiry) {
        boolean letGo = complete || release;
        return pool.preparedQuery("UPDATE uploads SET upload_offset = $4, "
                        + "storage_state = COALESCE($5::jsonb, storage_state), "
                        + "writer = CASE WHEN $7 THEN NULL ELSE writer END, "
                        + "writer_until = CASE WHEN $7 THEN NULL ELSE now() + make_interval(secs => $8) END, "
                        + "status = CASE WHEN $6 THEN 'queued' ELSE status END, "
                        + "next_attempt_at = CASE WHEN $6 THEN now() ELSE next_attempt_at END, "
                        + "expires_at = GREATEST(expires_at, now() + make_interval(secs => $9)), updated_at = now() "
                        + "WHERE id = $1 AND writer = $2 AND upload_offset = $3 AND status = 'uploading' "
                        + "AND ($6 = false OR $4 = upload_length) RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(id)
                        .addString(writer)
                        .addLong(from)
                        .addLong(to)
                        .addValue(state)
                        .addBoolean(complete)
                        .addBoolean(letGo)
                        .addDouble((double) lease.toSeconds())
                        .addDouble((double) expiry.toSeconds()))
                .map(UploadRepository::first);
    }

    /** Deletes the owner's upload unless a worker is transcoding it; the deleted row. */
    public Future<Optional<UploadRow>> delete(String id, String ownerId) {
        return pool.preparedQuery("DELETE FROM uploads WHERE id = $1 AND owner_id = $2 AND status <> 'processing' "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId))
                .map(UploadRepository::first);
    }

    /** The owner's uploads, newest first, after the row at {@code beforeSeq} (null: from the newest). */
    public Future<List<UploadRow>> listByOwner(String ownerId, Long beforeSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE owner_id = $1 "
                        + "AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3")
                .execute(Tuple.of(ownerId, beforeSeq, limit))
                .map(UploadRepository::all);
    }

    /** A failed upload of the owner's is queued again, due now. */
    public Future<Optional<UploadRow>> retryFailed(String id, String ownerId) {
        return pool.preparedQuery("UPDATE uploads SET status = 'queued', error = NULL, progress = 0, "
                        + "next_attempt_at = now(), updated_at = now() WHERE id = $1 AND owner_id = $2 "
                        + "AND status = 'failed' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId))
                .map(UploadRepository::first);
    }

    /** Up to {@code limit} uploads past their expiry that nobody is writing, oldest expiry first. */
    public Future<List<UploadRow>> expired(int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE status = 'uploading' "
                        + "AND expires_at <= now() AND (writer_until IS NULL OR writer_until <= now()) "
                        + "ORDER BY expires_at LIMIT $1")
                .execute(Tuple.of(limit))
                .map(UploadRepository::all);
    }

    /** Deletes an upload the expiry job found, if it is still expired and unclaimed. */
    public Future<Boolean> deleteExpired(String id) {
        return pool.preparedQuery("DELETE FROM uploads WHERE id = $1 AND status = 'uploading' AND expires_at <= now() "
                        + "AND (writer_until IS NULL OR writer_until <= now())")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Optional<UploadRow> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(row(it.next())) : Optional.empty();
    }

    private static List<UploadRow> all(RowSet<Row> rows) {
        List<UploadRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(row(r)));
        return list;
    }

    private static UploadRow row(Row r) {
        Object state = r.getValue("storage_state");
        JsonObject json = state instanceof JsonObject o ? o : state == null ? null : new JsonObject(state.toString());
        String[] tags = r.getArrayOfStrings("tags");
        return new UploadRow(
                r.getString("id"),
                r.getLong("seq"),
                r.getString("owner_id"),
                r.getString("filename"),
                r.getString("title"),
                r.getString("description"),
                tags == null ? List.of() : List.of(tags),
                r.getString("visibility"),
                r.getLong("upload_length"),
                r.getLong("upload_offset"),
                r.getString("status"),
                r.getInteger("progress"),
                r.getString("error"),
                r.getString("video_id"),
                json,
                r.getString("writer"),
                time(r.getOffsetDateTime("expires_at")),
                time(r.getOffsetDateTime("created_at")),
                time(r.getOffsetDateTime("updated_at")));
    }

    private static java.time.Instant time(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
