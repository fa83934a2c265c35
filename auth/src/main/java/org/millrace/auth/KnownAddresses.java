package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The client addresses (keys from {@link org.millrace.core.security.ClientAddressKey}) each account signed in from
 * lately, as rows of {@code login_limits} that lapse after {@code lifetime}. An attempt from such an address is
 * spared the account-wide back-off, so a streamer signing in from home is not locked out by guesses from elsewhere,
 * whichever auth instance either reaches.
 */
final class KnownAddresses {
    private static final String PREFIX = "known:";

    private final Pool pool;
    private final long lifetimeMillis;
    private final LongSupplier clockMillis;

    KnownAddresses(Pool pool, Duration lifetime, LongSupplier clockMillis) {
        this.pool = pool;
        this.lifetimeMillis = lifetime.toMillis();
        this.clockMillis = clockMillis;
    }

    Future<Void> remember(String account, String address) {
        long now = clockMillis.getAsLong();
        return pool.preparedQuery("INSERT INTO login_limits (key, window_start, count, expires_at) "
                        + "VALUES ($1::text, $2::bigint, 0, $2::bigint + $3::bigint) ON CONFLICT (key) DO UPDATE "
                        + "SET window_start = EXCLUDED.window_start, expires_at = EXCLUDED.expires_at")
                .execute(Tuple.of(key(account, address), now, lifetimeMillis))
                .mapEmpty();
    }

    Future<Boolean> knows(String account, String address) {
        return pool.preparedQuery("SELECT 1 FROM login_limits WHERE key = $1::text AND expires_at > $2::bigint")
                .execute(Tuple.of(key(account, address), clockMillis.getAsLong()))
                .map(rows -> rows.size() > 0);
    }

    private static String key(String account, String address) {
        return PREFIX + account + ' ' + address;
    }
}
