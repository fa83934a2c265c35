package org.millrace.auth;

import java.time.Duration;

/** At most {@code max} events per {@code window}. */
public record RateLimit(int max, Duration window) {
    public RateLimit {
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs max >= 1 and a positive window");
        }
    }
}
