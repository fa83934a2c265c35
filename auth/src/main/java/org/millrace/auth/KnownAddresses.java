package org.millrace.auth;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The client addresses (keys from {@link org.millrace.core.security.ClientAddressKey}) each account signed in from lately. An attempt from
 * such an address is spared the account-wide back-off, so a streamer signing in from home is not locked out by
 * guesses from elsewhere. Bounded like {@link WindowCounters}; entries lapse after {@code lifetime}.
 */
final class KnownAddresses {
    private final long lifetimeMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Long> lastSignIn;

    KnownAddresses(Duration lifetime, int maxKeys, LongSupplier clockMillis) {
        this.lifetimeMillis = lifetime.toMillis();
        this.clockMillis = clockMillis;
        this.lastSignIn = new BoundedLru<>(maxKeys);
    }

    synchronized void remember(String account, String address) {
        lastSignIn.put(key(account, address), clockMillis.getAsLong());
    }

    synchronized boolean knows(String account, String address) {
        Long at = lastSignIn.get(key(account, address));
        return at != null && clockMillis.getAsLong() - at < lifetimeMillis;
    }

    synchronized int size() {
        return lastSignIn.size();
    }

    private static String key(String account, String address) {
        return account + ' ' + address;
    }
}
