package org.millrace.srt.receiver;

import java.util.ArrayList;
import java.util.List;

/**
 * Which slots of a ring hold something: a bitset with a summary level above it (one bit per non-empty word) and so
 * on up to a single word, so the next occupied slot after any position is found in O(log64 n) word reads rather
 * than by walking the slots.
 */
final class OccupancyIndex {
    private final int size;
    /** levels[0] has one bit per slot; levels[k + 1] one bit per non-zero word of levels[k]. */
    private final long[][] levels;

    OccupancyIndex(int size) {
        this.size = size;
        List<long[]> built = new ArrayList<>();
        int bits = size;
        do {
            int words = Math.max(1, (bits + 63) >>> 6);
            built.add(new long[words]);
            bits = words;
        } while (bits > 1);
        this.levels = built.toArray(new long[0][]);
    }

    void set(int index) {
        int i = index;
        for (long[] level : levels) {
            int w = i >>> 6;
            boolean wasEmpty = level[w] == 0;
            level[w] |= 1L << (i & 63);
            if (!wasEmpty) {
                return;
            }
            i = w;
        }
    }

    void clear(int index) {
        int i = index;
        for (long[] level : levels) {
            int w = i >>> 6;
            level[w] &= ~(1L << (i & 63));
            if (level[w] != 0) {
                return;
            }
            i = w;
        }
    }

    boolean get(int index) {
        return (levels[0][index >>> 6] & (1L << (index & 63))) != 0;
    }

    /** The first occupied slot at or after {@code from}, or -1. */
    int nextSet(int from) {
        if (from >= size) {
            return -1;
        }
        int level = 0;
        int i = from;
        while (true) { // up: the first level where a set bit at or after i exists in i's word
            long[] words = levels[level];
            int w = i >>> 6;
            if (w >= words.length) {
                return -1;
            }
            long bits = words[w] & (-1L << (i & 63));
            if (bits != 0) {
                i = (w << 6) + Long.numberOfTrailingZeros(bits);
                break;
            }
            if (level == levels.length - 1) {
                return -1;
            }
            i = w + 1; // the next word of this level, as a bit of the level above
            level++;
        }
        while (level > 0) { // down: the lowest set bit of each word the summary points at
            level--;
            i = (i << 6) + Long.numberOfTrailingZeros(levels[level][i]);
        }
        return i;
    }
}
