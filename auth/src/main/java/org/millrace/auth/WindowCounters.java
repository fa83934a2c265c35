package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts events per key in fixed windows, in the {@code login_limits} table, so every auth instance sees the same
 * counts. Each operation is one statement on one row: PostgreSQL's row lock serialises concurrent callers, so of
 * any number of concurrent reservations at most the limit get through, whichever instance they reach.
 */
final class WindowCounters {
    /** An upsert that starts a new window when the stored one has expired ($2 = now, $3 = window length). */
    private static final String EXPIRED = "l.window_start <= $2::bigint - $3::bigint";

    private static final String HIT = "INSERT INTO login_limits AS l (key, window_start, count, expires_at) "
            + "VALUES ($1::text, $2::bigint, 1, $2::bigint + $3::bigint) ON CONFLICT (key) DO UPDATE SET "
            + "window_start = CASE WHEN " + EXPIRED + " THEN $2::bigint ELSE l.window_start END, "
            + "count = CASE WHEN " + EXPIRED + " THEN 1 ELSE l.count + 1 END, "
            + "expires_at = CASE WHEN " + EXPIRED + " THEN $2::bigint + $3::bigint ELSE l.expires_at END "
            + "RETURNING window_start, count";

    private static final String RESERVE = "INSERT INTO login_limits AS l (key, window_start, count, expires_at) "
            + "VALUES ($1::text, $2::bigint, 1, $2::bigint + $3::bigint) ON CONFLICT (key) DO UPDATE SET "
            + "window_start = CASE WHEN " + EXPIRED + " THEN $2::bigint ELSE l.window_start END, "
            + "count = CASE WHEN " + EXPIRED + " THEN 1 WHEN l.count >= $4::int THEN l.count ELSE l.count + 1 END, "
            + "refused = NOT (" + EXPIRED + ") AND l.count >= $4::int, "
            + "expires_at = CASE WHEN " + EXPIRED + " THEN $2::bigint + $3::bigint ELSE l.expires_at END "
            + "RETURNING window_start, refused";

    private final Pool pool;
    private final String prefix;
    private final RateLimit limit;
    private final LongSupplier clockMillis;

    /** {@code prefix} keeps this counter's keys apart from the other kinds in the table. */
    WindowCounters(Pool pool, String prefix, RateLimit limit, LongSupplier clockMillis) {
        this.pool = pool;
        this.prefix = prefix;
        this.limit = limit;
        this.clockMillis = clockMillis;
    }

    /** Counts one event for {@code key}; the seconds to wait when that goes over the limit. */
    Future<OptionalLong> hit(String key) {
        long now = clockMillis.getAsLong();
        return pool.preparedQuery(HIT)
                .execute(Tuple.of(prefix + key, now, windowMillis()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getInteger("count") > limit.max()
                            ? OptionalLong.of(secondsLeft(row.getLong("window_start"), now))
                            : OptionalLong.empty();
                });
    }

    /**
     * Counts one event for {@code key} only if the window has room for it, in one step, so that of any number of
     * concurrent callers at most the limit get through; the others get the seconds to wait and count nothing.
     */
    Future<OptionalLong> reserve(String key) {
        long now = clockMillis.getAsLong();
        return pool.preparedQuery(RESERVE)
                .execute(Tuple.of(prefix + key, now, windowMillis(), limit.max()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getBoolean("refused")
                            ? OptionalLong.of(secondsLeft(row.getLong("window_start"), now))
                            : OptionalLong.empty();
                });
    }

    /** Takes back one reserved event of the current window (a reservation that turned out not to be needed). */
    Future<Void> release(String key) {
        return pool.preparedQuery("UPDATE login_limits SET count = count - 1 "
                        + "WHERE key = $1::text AND window_start > $2::bigint - $3::bigint AND count > 0")
                .execute(Tuple.of(prefix + key, clockMillis.getAsLong(), windowMillis()))
                .mapEmpty();
    }

    Future<Void> reset(String key) {
        return pool.preparedQuery("DELETE FROM login_limits WHERE key = $1::text")
                .execute(Tuple.of(prefix + key))
                .mapEmpty();
    }

    private long windowMillis() {
        return limit.window().toMillis();
    }

    private long secondsLeft(long windowStart, long now) {
        return RetryAfter.seconds(windowStart + windowMillis() - now, windowMillis());
    }
}
