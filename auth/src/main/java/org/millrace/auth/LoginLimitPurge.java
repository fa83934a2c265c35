package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code login_limits} bounded: every minute it deletes rows whose window or lifetime ended (in batches that
 * skip rows another instance is purging), then, if more than {@code maxRows} remain (a flood of addresses and
 * names within one window), the rows closest to expiring, which forgets some counts rather than growing without
 * bound. Every auth instance runs one; they share the work.
 */
public final class LoginLimitPurge extends PeriodicPurge {
    private static final Logger LOG = LoggerFactory.getLogger(LoginLimitPurge.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int BATCH = 1000;
    private static final int MAX_BATCHES = 100;

    private final Pool pool;
    private final int maxRows;
    private final LongSupplier clockMillis;

    public LoginLimitPurge(Pool pool, int maxRows, LongSupplier clockMillis) {
        super(INTERVAL);
        this.pool = pool;
        this.maxRows = maxRows;
        this.clockMillis = clockMillis;
    }

    /** One purge: the expired rows in batches, then those over the cap; how many rows it deleted. */
    @Override
    public Future<Integer> purge() {
        return inBatches(this::expired, BATCH, MAX_BATCHES)
                .compose(deleted -> overCap().map(over -> deleted + over))
                .andThen(result -> {
                    if (result.failed()) {
                        LOG.warn(
                                "purging login limits failed: {}",
                                result.cause().getMessage());
                    }
                });
    }

    private Future<Integer> expired() {
        return pool.preparedQuery("DELETE FROM login_limits WHERE key IN (SELECT key FROM login_limits "
                        + "WHERE expires_at <= $1::bigint LIMIT $2::int FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(clockMillis.getAsLong(), BATCH))
                .map(r -> r.rowCount());
    }

    private Future<Integer> overCap() {
        return pool.preparedQuery("DELETE FROM login_limits WHERE key IN (SELECT key FROM login_limits "
                        + "ORDER BY expires_at LIMIT GREATEST(0, (SELECT count(*) FROM login_limits) - $1::int) "
                        + "FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(maxRows))
                .map(r -> {
                    if (r.rowCount() > 0) {
                        LOG.warn("login limits over {} rows: forgot the {} closest to expiring", maxRows, r.rowCount());
                    }
                    return r.rowCount();
                });
    }
}
