package org.millrace.transcoder.live;

import java.util.concurrent.TimeUnit;

/**
 * The rate of decoded pictures over wall-clock windows of about a second, as the creator dashboard shows it: written
 * by the pipeline thread, read by whoever asks. A window with no picture for a while reads as 0, not the old rate.
 */
final class FrameRateMeter {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private long windowStart;
    private int inWindow;
    private volatile long lastFrame;
    private volatile double rate = Double.NaN;

    FrameRateMeter(long now) {
        this.windowStart = now;
        this.lastFrame = now;
    }

    /** A picture was decoded at {@code now} (System.nanoTime); pipeline thread only. */
    void frame(long now) {
        inWindow++;
        lastFrame = now;
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            rate = inWindow * 1e9 / elapsed;
            inWindow = 0;
            windowStart = now;
        }
    }

    /** Pictures per second over the last window; null before the first window closed, 0 when pictures stopped. */
    Double perSecond(long now) {
        double r = rate;
        if (Double.isNaN(r)) {
            return null;
        }
        return now - lastFrame > STALE_NANOS ? 0.0 : r;
    }
}
