package org.millrace.uploads.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/** Upload rows as the uploads service leaves them once the bytes are complete ({@code queued}), and reads of them. */
final class UploadRows {
    private final Pool pool;

    UploadRows(Pool pool) {
        this.pool = pool;
    }

    void queued(String id, String sourceKey, long length) throws Exception {
        await(pool.preparedQuery("INSERT INTO uploads (id, owner_id, owner_username, filename, title, description, "
                        + "tags, visibility, upload_length, upload_offset, source_key, status, expires_at) VALUES "
                        + "($1, 'u-ann', 'ann', 'holiday.mp4', 'Holiday ' || $1, 'At the sea', '{sea,summer}', "
                        + "'public', $2, $2, $3, 'queued', now() + interval '1 day')")
                .execute(Tuple.of(id, length, sourceKey)));
    }

    Row row(String id) throws Exception {
        return await(pool.preparedQuery("SELECT * FROM uploads WHERE id = $1").execute(Tuple.of(id)))
                .iterator()
                .next();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
