package org.millrace.auth;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: every login attempt counts against the client IP, every failure against the
 * account. In memory and per process (each auth instance keeps its own counts, and a restart forgets them), with a
 * bounded number of keys; fixed windows, so a burst at a window's edge can reach twice a limit.
 */
public final class LoginRateLimiter {
    private final WindowCounters ipAttempts;
    private final WindowCounters accountFailures;

    public LoginRateLimiter(AuthSettings settings, LongSupplier clockMillis) {
        this.ipAttempts = new WindowCounters(settings.ipAttempts(), settings.maxTrackedKeys(), clockMillis);
        this.accountFailures = new WindowCounters(settings.accountFailures(), settings.maxTrackedKeys(), clockMillis);
    }

    /** Counts an attempt from {@code ip}; the seconds to wait when it is one too many. */
    public OptionalLong attempt(String ip) {
        return ipAttempts.hit(ip == null ? "unknown" : ip);
    }

    /** The seconds to wait when {@code account} has failed too often lately. */
    public OptionalLong blocked(String account) {
        return accountFailures.exhausted(account);
    }

    public void failed(String account) {
        accountFailures.hit(account);
    }

    public void succeeded(String account) {
        accountFailures.reset(account);
    }
}
