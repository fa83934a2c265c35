package org.millrace.core.config;

/**
 * How many login attempts the auth service takes before answering 429: per client address, per account and
 * address, and per account from all the addresses it has not signed in from (after which it backs off).
 */
public record LoginLimits(
        int attemptsPerIpPerMinute, int failuresPerAccountPer15Minutes, int failuresPerAccountPerDay) {
    public LoginLimits {
        if (attemptsPerIpPerMinute < 1 || failuresPerAccountPer15Minutes < 1 || failuresPerAccountPerDay < 1) {
            throw new ConfigException("login limits must be positive");
        }
    }
}
