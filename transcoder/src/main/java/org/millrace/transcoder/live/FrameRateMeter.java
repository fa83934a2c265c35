package org.millrace.transcoder.live;

import java.util.concurrent.TimeUnit;

/**
 * The rate of decoded pictures over wall-clock windows of two seconds (shorter ones show the input's bursts, not its
 * frame rate), as the creator dashboard shows it: written by the pipeline thread, read by whoever asks. A window
 * with no picture for a while reads as 0, not the old rate.
 */
final class FrameRateMeter {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(4);

    private boolean started;
    private long windowStart;
    private int inWindow;
    private volatile long lastFrame;
    private volatile double rate = Double.NaN;

    /** A picture was decoded at {@code now} (System.nanoTime); pipeline thread only. */
    void frame(long now) {
        lastFrame = now;
        if (!started) {
            // The first window opens at the first picture: the seconds spent probing the input are not frames late.
            started = true;
            windowStart = now;
            return;
        }
        inWindow++;
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
