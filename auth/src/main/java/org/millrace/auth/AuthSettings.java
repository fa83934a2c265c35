package org.millrace.auth;

import java.time.Duration;

/**
 * How the auth service is tuned.
 *
 * @param bcryptCost           bcrypt's work factor (12 in production; tests may go lower to run faster)
 * @param refreshTokenLifetime how long a refresh token, and so a login, lasts without being used
 * @param limits               how login attempts are limited
 * @param purge                how expired and revoked refresh tokens are deleted
 */
public record AuthSettings(
        int bcryptCost, Duration refreshTokenLifetime, LoginLimitSettings limits, PurgeSettings purge) {
    public static final int DEFAULT_BCRYPT_COST = 12;

    public AuthSettings {
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31");
        }
        if (refreshTokenLifetime.toSeconds() < 60) {
            throw new IllegalArgumentException("refresh tokens must live at least a minute");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(
                DEFAULT_BCRYPT_COST, Duration.ofDays(30), LoginLimitSettings.defaults(), PurgeSettings.defaults());
    }

    /** The defaults with the operator's login limits. */
    public static AuthSettings from(org.millrace.core.config.LoginLimits limits) {
        LoginLimitSettings login = LoginLimitSettings.defaults();
        return defaults()
                .withLimits(new LoginLimitSettings(
                        new RateLimit(limits.attemptsPerIpPerMinute(), Duration.ofMinutes(1)),
                        new RateLimit(limits.failuresPerAccountPer15Minutes(), Duration.ofMinutes(15)),
                        new RateLimit(limits.failuresPerAccountPerDay(), Duration.ofDays(1)),
                        login.backoffCap(),
                        login.knownAddressLifetime(),
                        login.maxTrackedKeys()));
    }

    public AuthSettings withBcryptCost(int cost) {
        return new AuthSettings(cost, refreshTokenLifetime, limits, purge);
    }

    public AuthSettings withLimits(LoginLimitSettings login) {
        return new AuthSettings(bcryptCost, refreshTokenLifetime, login, purge);
    }

    /** These per-address limits, with the account-wide budget and the rest as they are. */
    public AuthSettings withLimits(RateLimit accountAddressFailures, RateLimit addressAttempts) {
        return withLimits(new LoginLimitSettings(
                addressAttempts,
                accountAddressFailures,
                limits.accountFailures(),
                limits.backoffCap(),
                limits.knownAddressLifetime(),
                limits.maxTrackedKeys()));
    }

    public AuthSettings withPurge(PurgeSettings settings) {
        return new AuthSettings(bcryptCost, refreshTokenLifetime, limits, settings);
    }
}
