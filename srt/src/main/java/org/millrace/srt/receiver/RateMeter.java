package org.millrace.srt.receiver;

/** Packets and bytes per second over the last completed one-second window. */
public final class RateMeter {
    private static final long WINDOW_MICROS = 1_000_000;
    private long windowStart = -1;
    private long packets;
    private long bytes;
    private double packetsPerSecond;
    private double bytesPerSecond;

    public void add(long nowMicros, int size) {
        roll(nowMicros);
        packets++;
        bytes += size;
    }

    public void roll(long nowMicros) {
        if (windowStart < 0) {
            windowStart = nowMicros;
            return;
        }
        long elapsed = nowMicros - windowStart;
        if (elapsed >= WINDOW_MICROS) {
            packetsPerSecond = packets * 1_000_000.0 / elapsed;
            bytesPerSecond = bytes * 1_000_000.0 / elapsed;
            packets = 0;
            bytes = 0;
            windowStart = nowMicros;
        }
    }

    public double packetsPerSecond() {
        return packetsPerSecond;
    }

    public double bytesPerSecond() {
        return bytesPerSecond;
    }
}
