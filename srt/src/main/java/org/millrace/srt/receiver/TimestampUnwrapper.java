package org.millrace.srt.receiver;

/**
 * Extends the sender's 32-bit microsecond timestamps (which wrap every 71.6 minutes) to 64 bits, relative to the
 * last one seen, so play times keep increasing across the wrap.
 */
public final class TimestampUnwrapper {
    private static final long WRAP = 1L << 32;
    private long last = -1;

    /** The 64-bit timestamp nearest to the previous one that has these low 32 bits. */
    public long unwrap(int timestamp) {
        long low = Integer.toUnsignedLong(timestamp);
        if (last < 0) {
            last = low;
            return low;
        }
        long candidate = (last & ~(WRAP - 1)) | low;
        if (candidate - last > WRAP / 2) {
            candidate -= WRAP;
        } else if (last - candidate > WRAP / 2) {
            candidate += WRAP;
        }
        if (candidate > last) {
            last = candidate;
        }
        return candidate;
    }
}
