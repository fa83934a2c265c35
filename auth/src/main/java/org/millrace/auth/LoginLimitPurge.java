package org.millrace.auth;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps {@code login_limits} bounded: every minute it deletes rows whose window or lifetime ended (in batches that
 * skip rows another instance is purging), then, if more than {@code maxRows} remain (a flood of addresses and
 * names within one window), the rows closest to expiring, which forgets some counts rather than growing without
 * bound. Every auth instance runs one; they share the work. A worker verticle, off the API's event loops.
 */
public final class LoginLimitPurge extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(LoginLimitPurge.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int BATCH = 1000;
    private static final int MAX_BATCHES = 100;

    private final Pool pool;
    private final int maxRows;
    private final LongSupplier clockMillis;
    private long timer = -1;
    private boolean running;

    public LoginLimitPurge(Pool pool, int maxRows, LongSupplier clockMillis) {
        this.pool = pool;
        this.maxRows = maxRows;
        this.clockMillis = clockMillis;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> {
            if (!running) {
                running = true;
                purge().onComplete(done -> running = false);
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    /** One purge; how many rows it deleted. */
    public Future<Integer> purge() {
        return expired(0, 0).compose(deleted -> overCap().map(over -> deleted + over)).andThen(result -> {
            if (result.failed()) {
                LOG.warn("purging login limits failed: {}", result.cause().getMessage());
            }
        });
    }

    private Future<Integer> expired(int done, int deleted) {
        return pool.preparedQuery("DELETE FROM login_limits WHERE key IN (SELECT key FROM login_limits "
                        + "WHERE expires_at <= $1::bigint LIMIT $2::int FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(clockMillis.getAsLong(), BATCH)).map(r -> r.rowCount()).compose(count ->
                        count < BATCH || done + 1 >= MAX_BATCHES ? Future.succeededFuture(deleted + count)
                                : expired(done + 1, deleted + count));
    }

    private Future<Integer> overCap() {
        return pool.preparedQuery("DELETE FROM login_limits WHERE key IN (SELECT key FROM login_limits "
                        + "ORDER BY expires_at LIMIT GREATEST(0, (SELECT count(*) FROM login_limits) - $1::int) "
                        + "FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(maxRows)).map(r -> {
                    if (r.rowCount() > 0) {
                        LOG.warn("login limits over {} rows: forgot the {} closest to expiring", maxRows,
                                r.rowCount());
                    }
                    return r.rowCount();
                });
    }
}
