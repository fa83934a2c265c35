package org.millrace.core.logging;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets through at most a number of log lines of one kind per window and counts the rest, so a client repeating a
 * refused request (or a flood of them from many addresses) cannot fill the log; the next line let through says how
 * many were held back.
 */
public final class LogBudget {
    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int used;
    private long heldBack;

    public LogBudget(int perWindow, Duration window) {
        this(perWindow, window, System::nanoTime);
    }

    public LogBudget(int perWindow, Duration window, LongSupplier nanoTime) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("a budget lets at least one line through");
        }
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /**
     * Whether a line may be logged now: null when not (it is counted), else the note to append to it, empty or
     * naming the lines held back since the last one.
     */
    public synchronized String admit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            used = 0;
        }
        if (used >= perWindow) {
            heldBack++;
            return null;
        }
        used++;
        String note = heldBack == 0 ? "" : " (" + heldBack + " more like it not logged)";
        heldBack = 0;
        return note;
    }
}
