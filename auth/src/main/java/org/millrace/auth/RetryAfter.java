package org.millrace.auth;

/** The {@code Retry-After} seconds of a refused attempt, from the milliseconds left until it may try again. */
final class RetryAfter {
    private RetryAfter() {}

    /**
     * Whole seconds, rounded up, at least 1 and never more than {@code boundMillis} (the window or the back-off cap):
     * attempts read their clocks before their statements, so a racing one that read its clock later may have set the
     * stored time first, and this one would otherwise be told the bound plus a second.
     */
    static long seconds(long leftMillis, long boundMillis) {
        return Math.max(1, (Math.min(leftMillis, boundMillis) + 999) / 1000);
    }
}
