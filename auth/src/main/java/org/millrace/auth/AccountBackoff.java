package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The per-account budget of login attempts across all addresses the account has not signed in from: a free
 * budget per window, then exponential back-off (after the k-th attempt over the budget the next one waits
 * 2^(k-1) seconds, up to a cap). An attempt is reserved before the password is checked, in one statement on the
 * account's row of {@code login_limits}, so concurrent guesses from many addresses, through any auth instance, get
 * no more through than sequential ones.
 */
final class AccountBackoff {
    private static final String PREFIX = "account:";
    /** $1 key, $2 now, $3 window, $4 budget, $5 cap; E = the stored window expired, B = still backing off. */
    private static final String E = "(l.window_start <= $2::bigint - $3::bigint)";

    private static final String B = "(NOT " + E + " AND $2::bigint < l.next_allowed)";
    private static final String RESERVE = "INSERT INTO login_limits AS l (key, window_start, count, expires_at) "
            + "VALUES ($1::text, $2::bigint, 1, $2::bigint + $3::bigint) ON CONFLICT (key) DO UPDATE SET "
            + "window_start = CASE WHEN " + E + " THEN $2::bigint ELSE l.window_start END, "
            + "count = CASE WHEN " + E + " THEN 1 WHEN " + B + " THEN l.count ELSE l.count + 1 END, "
            + "next_allowed = CASE WHEN " + E + " THEN 0 WHEN " + B + " THEN l.next_allowed "
            + "  WHEN l.count + 1 > $4::int THEN $2::bigint + LEAST($5::bigint, 1000::bigint << LEAST(l.count - $4::int, 30)) "
            + "  ELSE l.next_allowed END, "
            + "refused = " + B + ", "
            + "expires_at = CASE WHEN " + E
            + " THEN $2::bigint + $3::bigint ELSE GREATEST(l.expires_at, $2::bigint + $5::bigint) END "
            + "RETURNING refused, next_allowed";

    private final Pool pool;
    private final RateLimit budget;
    private final long capMillis;
    private final LongSupplier clockMillis;

    AccountBackoff(Pool pool, RateLimit budget, Duration cap, LongSupplier clockMillis) {
        this.pool = pool;
        this.budget = budget;
        this.capMillis = cap.toMillis();
        this.clockMillis = clockMillis;
    }

    /** Reserves an attempt for {@code account}, or says how many seconds to wait (nothing reserved then). */
    Future<OptionalLong> reserve(String account) {
        long now = clockMillis.getAsLong();
        return pool.preparedQuery(RESERVE)
                .execute(Tuple.of(PREFIX + account, now, budget.window().toMillis(), budget.max(), capMillis))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getBoolean("refused")
                            ? OptionalLong.of(RetryAfter.seconds(row.getLong("next_allowed") - now, capMillis))
                            : OptionalLong.empty();
                });
    }

    /** Gives back a reserved attempt that succeeded (a right password is not a guess to count). */
    Future<Void> release(String account) {
        return pool.preparedQuery("UPDATE login_limits SET count = count - 1 WHERE key = $1::text AND count > 0")
                .execute(Tuple.of(PREFIX + account))
                .mapEmpty();
    }
}
