package org.millrace.core.config;

/** How many login attempts the auth service takes before answering 429. */
public record LoginLimits(int attemptsPerIpPerMinute, int failuresPerAccountPer15Minutes) {
    public LoginLimits {
        if (attemptsPerIpPerMinute < 1 || failuresPerAccountPer15Minutes < 1) {
            throw new ConfigException("login limits must be positive");
        }
    }
}
