package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@code refresh_tokens} table: one-time tokens, stored as SHA-256 digests, grouped in families (one per login).
 * Rotation runs in a transaction that locks the presented token's row, so of two concurrent refreshes with one
 * token exactly one succeeds; the other sees it spent and revokes the family.
 */
public final class RefreshTokenRepository {
    private final Pool pool;
    private final OpaqueTokens tokens;
    private final Duration lifetime;

    public RefreshTokenRepository(Pool pool, OpaqueTokens tokens, Duration lifetime) {
        this.pool = pool;
        this.tokens = tokens;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Starts a new family for a fresh login and returns its first token. */
    public Future<String> issueNewFamily(String userId) {
        return insert(pool, UUID.randomUUID(), UUID.fromString(userId));
    }

    /** Spends {@code token} and issues its successor, or says why not (revoking the family on reuse). */
    public Future<Rotation> rotate(String token) {
        if (!OpaqueTokens.wellFormed(token)) {
            return Future.succeededFuture(Rotation.refused(Rotation.Outcome.UNKNOWN, null));
        }
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id, family_id, user_id, "
                        + "expires_at <= now() AS expired, spent_at IS NOT NULL AS spent, revoked_at IS NOT NULL AS revoked "
                        + "FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE")
                .execute(Tuple.of(digest(token)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Rotation.refused(Rotation.Outcome.UNKNOWN, null));
                    }
                    Row row = rows.iterator().next();
                    UUID family = row.getUUID("family_id");
                    UUID user = row.getUUID("user_id");
                    if (row.getBoolean("revoked")) {
                        return Future.succeededFuture(Rotation.refused(Rotation.Outcome.REVOKED, user.toString()));
                    }
                    if (row.getBoolean("spent")) {
                        return revokeFamily(conn, family)
                                .map(Rotation.refused(Rotation.Outcome.REUSED, user.toString()));
                    }
                    if (row.getBoolean("expired")) {
                        return Future.succeededFuture(Rotation.refused(Rotation.Outcome.EXPIRED, user.toString()));
                    }
                    return conn.preparedQuery("UPDATE refresh_tokens SET spent_at = now() WHERE id = $1")
                            .execute(Tuple.of(row.getUUID("id")))
                            .compose(spent -> insert(conn, family, user))
                            .map(next -> new Rotation(Rotation.Outcome.ROTATED, user.toString(), next));
                }));
    }

    /** Revokes the family {@code token} belongs to (logout); nothing happens for a token we do not know. */
    public Future<Void> revokeFamilyOf(String token) {
        if (!OpaqueTokens.wellFormed(token)) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND "
                        + "family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)")
                .execute(Tuple.of(digest(token)))
                .mapEmpty();
    }

    /**
     * Deletes up to {@code batchSize} tokens that expired, or were revoked, more than {@code retention} ago; how
     * many it deleted. Rows another transaction holds (a rotation, another instance's purge) are skipped.
     */
    public Future<Integer> purgeBatch(Duration retention, int batchSize) {
        return pool.preparedQuery("DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens "
                        + "WHERE expires_at < now() - make_interval(secs => $1) "
                        + "OR revoked_at < now() - make_interval(secs => $1) LIMIT $2 FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of((double) retention.toSeconds(), batchSize))
                .map(result -> result.rowCount());
    }

    private Future<Void> revokeFamily(SqlClient client, UUID family) {
        return client.preparedQuery(
                        "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 " + "AND revoked_at IS NULL")
                .execute(Tuple.of(family))
                .mapEmpty();
    }

    private Future<String> insert(SqlClient client, UUID family, UUID user) {
        String token = tokens.generate();
        return client.preparedQuery("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) "
                        + "VALUES ($1, $2, $3, now() + make_interval(secs => $4))")
                .execute(Tuple.of(digest(token), family, user, (double) lifetime.toSeconds()))
                .map(token);
    }

    private static Buffer digest(String token) {
        return Buffer.buffer(OpaqueTokens.digest(token));
    }
}
