package org.millrace.auth;

import java.util.function.LongSupplier;

/**
 * At most {@code max} log lines of one kind per window across all clients, so a flood of failed logins from many
 * addresses cannot flood the log; the lines left out are counted and reported with the next line written.
 */
final class LogBudget {
    private final RateLimit limit;
    private final LongSupplier clockMillis;
    private long windowStart;
    private int written;
    private long skipped;

    LogBudget(RateLimit limit, LongSupplier clockMillis) {
        this.limit = limit;
        this.clockMillis = clockMillis;
        this.windowStart = clockMillis.getAsLong();
    }

    /**
     * Whether a line may be written now: -1 when not (it is counted), else how many were left out since the last
     * line written (0 mostly).
     */
    synchronized long take() {
        long now = clockMillis.getAsLong();
        if (now - windowStart >= limit.window().toMillis()) {
            windowStart = now;
            written = 0;
        }
        if (written >= limit.max()) {
            skipped++;
            return -1;
        }
        written++;
        long left = skipped;
        skipped = 0;
        return left;
    }
}
