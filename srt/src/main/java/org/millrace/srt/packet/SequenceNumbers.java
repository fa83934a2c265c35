package org.millrace.srt.packet;

/**
 * Arithmetic on SRT's 31-bit packet sequence numbers, which wrap from 2^31-1 to 0: comparisons and distances are
 * taken the short way round the circle, so a sequence just past the wrap is "after" one just before it.
 */
public final class SequenceNumbers {
    public static final int MAX = 0x7FFF_FFFF;
    private static final int HALF = 0x4000_0000;

    private SequenceNumbers() {}

    /** {@code seq + n}, wrapped into 31 bits ({@code n} may be negative). */
    public static int add(int seq, int n) {
        return (seq + n) & MAX;
    }

    public static int next(int seq) {
        return add(seq, 1);
    }

    /** Signed distance from {@code from} to {@code to}, in (-2^30, 2^30]. */
    public static int distance(int from, int to) {
        int d = (to - from) & MAX;
        return d > HALF ? d - (MAX + 1) : d;
    }

    /** Negative when {@code a} comes before {@code b}, zero when equal, positive after. */
    public static int compare(int a, int b) {
        return -distance(a, b);
    }

    public static boolean isBefore(int a, int b) {
        return distance(a, b) > 0;
    }
}
