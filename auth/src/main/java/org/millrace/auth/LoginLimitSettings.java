package org.millrace.auth;

import java.time.Duration;

/**
 * How hard login and sign-up attempts are limited (see {@link LoginRateLimiter}).
 *
 * @param addressAttempts        login and sign-up attempts per client address (IPv6: per /64)
 * @param accountAddressFailures failed logins per account from one client address
 * @param accountFailures        failed logins per account from all addresses it has not signed in from, before
 *                               the back-off starts
 * @param backoffCap             the longest wait the account-wide back-off imposes between two attempts
 * @param knownAddressLifetime   how long an address an account signed in from stays spared the back-off
 * @param maxTrackedKeys         how many keys of each kind {@code login_limits} holds (4 kinds: past 4 times this
 *                               {@link LoginLimitPurge} forgets the rows closest to expiring)
 */
public record LoginLimitSettings(
        RateLimit addressAttempts,
        RateLimit accountAddressFailures,
        RateLimit accountFailures,
        Duration backoffCap,
        Duration knownAddressLifetime,
        int maxTrackedKeys) {
    public LoginLimitSettings {
        if (backoffCap.toMillis() < 1000 || knownAddressLifetime.isNegative() || knownAddressLifetime.isZero()) {
            throw new IllegalArgumentException("the back-off cap must be at least a second, the lifetime positive");
        }
        if (maxTrackedKeys < 1) {
            throw new IllegalArgumentException("maxTrackedKeys must be positive");
        }
    }

    public static LoginLimitSettings defaults() {
        return new LoginLimitSettings(
                new RateLimit(30, Duration.ofMinutes(1)),
                new RateLimit(10, Duration.ofMinutes(15)),
                new RateLimit(50, Duration.ofDays(1)),
                Duration.ofMinutes(15),
                Duration.ofDays(30),
                100_000);
    }

    public LoginLimitSettings withAccountFailures(RateLimit budget) {
        return new LoginLimitSettings(
                addressAttempts, accountAddressFailures, budget, backoffCap, knownAddressLifetime, maxTrackedKeys);
    }
}
