package org.millrace.srt.handshake;

/**
 * Lets one log line through per interval and counts the events it held back, so hostile input cannot flood the log
 * but the next line still says how much happened (the SRT listener's and its handshakes'). Not thread-safe: one
 * event loop uses it.
 */
public final class LogThrottle {
    private final long intervalMicros;
    private long nextMicros = Long.MIN_VALUE;
    private long heldBack;

    public LogThrottle(long intervalMicros) {
        this.intervalMicros = intervalMicros;
    }

    /** -1 when this event must not be logged; otherwise how many were held back since the last line. */
    public long admit(long nowMicros) {
        if (nowMicros < nextMicros) {
            heldBack++;
            return -1;
        }
        nextMicros = nowMicros + intervalMicros;
        long held = heldBack;
        heldBack = 0;
        return held;
    }

    /** " (N more since the last line, not logged)" or nothing. */
    public static String heldBackNote(long held) {
        return held > 0 ? " (" + held + " more since the last such line, not logged)" : "";
    }
}
