package org.millrace.server;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: upload rows written and read straight in PostgreSQL, so a transcoding test starts from "the last byte
 * is in storage" (the tus path has tests of its own) and watches the job as the workers move it.
 */
final class UploadJobRows {
    private final Pool pool;

    UploadJobRows(Pool pool) {
        this.pool = pool;
    }

    /**
     * An upload of Ann's whose source is at {@code uploads/<id>/source}, {@code status} with the claim of
     * {@code claimedBy} (null: none) under a lease already run out.
     */
    void insert(String id, long length, String status, String claimedBy) throws Exception {
        pool.preparedQuery("INSERT INTO uploads (id, owner_id, owner_username, filename, title, description, tags, "
                        + "visibility, upload_length, upload_offset, source_key, status, attempts, claimed_by, "
                        + "lease_until, expires_at) VALUES ($1, 'u-ann', 'ann', 'holiday.mp4', 'Holiday ' || $1, "
                        + "'At the sea', '{sea,summer}', 'public', $2, $2, 'uploads/' || $1 || '/source', $3, "
                        + "CASE WHEN $4::text IS NULL THEN 0 ELSE 1 END, $4, "
                        + "CASE WHEN $4::text IS NULL THEN NULL ELSE now() - interval '1 second' END, "
                        + "now() + interval '1 day')")
                .execute(Tuple.of(id, length, status, claimedBy))
                .await(10, TimeUnit.SECONDS);
    }

    Row row(String id) throws Exception {
        return pool.preparedQuery("SELECT * FROM uploads WHERE id = $1")
                .execute(Tuple.of(id))
                .await(10, TimeUnit.SECONDS)
                .iterator()
                .next();
    }

    /** The row once its job is ready or failed (4 minutes at most). */
    Row awaitOutcome(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            Row row = row(id);
            String status = row.getString("status");
            if (status.equals("ready") || status.equals("failed")) {
                return row;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("upload " + id + " never finished");
    }
}
