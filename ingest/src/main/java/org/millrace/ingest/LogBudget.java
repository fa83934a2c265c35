package org.millrace.ingest;

import java.util.function.LongSupplier;

/**
 * Lets through at most {@code perMinute} log lines of one kind a minute and counts the rest, so a caller repeating a
 * refused request cannot fill the log; the next line let through says how many were held back.
 */
public final class LogBudget {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int used;
    private long heldBack;

    public LogBudget(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    LogBudget(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a budget lets at least one line through");
        }
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /**
     * Whether a line may be logged now: null when not (it is counted), else the note to append to it, empty or
     * naming the lines held back since the last one.
     */
    public synchronized String admit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= MINUTE_NANOS) {
            windowStart = now;
            used = 0;
        }
        if (used >= perMinute) {
            heldBack++;
            return null;
        }
        used++;
        String note = heldBack == 0 ? "" : " (" + heldBack + " more like it not logged)";
        heldBack = 0;
        return note;
    }
}
