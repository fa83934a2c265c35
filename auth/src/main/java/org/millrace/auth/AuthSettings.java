package org.millrace.auth;

import java.time.Duration;

/**
 * How the auth service is tuned.
 *
 * @param bcryptCost           bcrypt's work factor (12 in production; tests may go lower to run faster)
 * @param refreshTokenLifetime how long a refresh token, and so a login, lasts without being used
 * @param accountFailures      failed logins allowed per account before it is refused for the rest of the window
 * @param ipAttempts           login attempts allowed per client IP
 * @param maxTrackedKeys       how many accounts and IPs the in-memory limiter remembers (oldest forgotten first)
 */
public record AuthSettings(int bcryptCost, Duration refreshTokenLifetime, RateLimit accountFailures,
                           RateLimit ipAttempts, int maxTrackedKeys) {
    public static final int DEFAULT_BCRYPT_COST = 12;

    public AuthSettings {
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31");
        }
        if (refreshTokenLifetime.toSeconds() < 60) {
            throw new IllegalArgumentException("refresh tokens must live at least a minute");
        }
        if (maxTrackedKeys < 1) {
            throw new IllegalArgumentException("maxTrackedKeys must be positive");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(DEFAULT_BCRYPT_COST, Duration.ofDays(30),
                new RateLimit(10, Duration.ofMinutes(15)), new RateLimit(30, Duration.ofMinutes(1)), 100_000);
    }

    /** The defaults with the operator's login limits. */
    public static AuthSettings from(org.millrace.core.config.LoginLimits limits) {
        return defaults().withLimits(new RateLimit(limits.failuresPerAccountPer15Minutes(), Duration.ofMinutes(15)),
                new RateLimit(limits.attemptsPerIpPerMinute(), Duration.ofMinutes(1)));
    }

    public AuthSettings withBcryptCost(int cost) {
        return new AuthSettings(cost, refreshTokenLifetime, accountFailures, ipAttempts, maxTrackedKeys);
    }

    public AuthSettings withLimits(RateLimit accountFailures, RateLimit ipAttempts) {
        return new AuthSettings(bcryptCost, refreshTokenLifetime, accountFailures, ipAttempts, maxTrackedKeys);
    }
}
