package org.millrace.srt.receiver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiver's missing packets, as ranges of extended sequence numbers, each with when it was last reported in
 * a NAK so periodic NAKs repeat only what is still missing and not reported recently.
 */
public final class LossList {
    private static final class Range {
        long last;
        long lastReportedMicros;

        Range(long last, long lastReportedMicros) {
            this.last = last;
            this.lastReportedMicros = lastReportedMicros;
        }
    }

    /** A range of missing packets, in extended sequence numbers. */
    public record Loss(long first, long last) {}

    /** Ranges a periodic report looks at, at most: a sender scattering gaps must not make every tick a long walk. */
    public static final int DEFAULT_SCAN_LIMIT = 1024;

    private final TreeMap<Long, Range> ranges = new TreeMap<>();
    private final int scanLimit;
    private long count;
    /** Where the next report resumes its scan when the list is longer than the scan limit. */
    private long cursor;

    public LossList() {
        this(DEFAULT_SCAN_LIMIT);
    }

    public LossList(int scanLimit) {
        this.scanLimit = scanLimit;
    }

    /** Adds {@code first..last} (reported now, since the caller NAKs new gaps at once). */
    public void add(long first, long last, long nowMicros) {
        if (last < first) {
            return;
        }
        Map.Entry<Long, Range> tail = ranges.lastEntry();
        if (tail != null && tail.getValue().last + 1 == first && tail.getValue().lastReportedMicros == nowMicros) {
            tail.getValue().last = last;
        } else {
            ranges.put(first, new Range(last, nowMicros));
        }
        count += last - first + 1;
    }

    /** The packet arrived (or was given up): it is no longer missing. Returns whether it was. */
    public boolean remove(long seq) {
        Map.Entry<Long, Range> e = ranges.floorEntry(seq);
        if (e == null || e.getValue().last < seq) {
            return false;
        }
        long first = e.getKey();
        Range r = e.getValue();
        ranges.remove(first);
        if (first < seq) {
            ranges.put(first, new Range(seq - 1, r.lastReportedMicros));
        }
        if (seq < r.last) {
            ranges.put(seq + 1, new Range(r.last, r.lastReportedMicros));
        }
        count--;
        return true;
    }

    /** Forgets everything before {@code seq}; returns how many were removed. */
    public long removeBefore(long seq) {
        long removed = 0;
        Iterator<Map.Entry<Long, Range>> it = ranges.entrySet().iterator();
        List<Map.Entry<Long, Range>> keep = new ArrayList<>(1);
        while (it.hasNext()) {
            Map.Entry<Long, Range> e = it.next();
            if (e.getKey() >= seq) {
                break;
            }
            it.remove();
            long last = e.getValue().last;
            if (last >= seq) {
                removed += seq - e.getKey();
                keep.add(Map.entry(seq, e.getValue()));
                break;
            }
            removed += last - e.getKey() + 1;
        }
        for (Map.Entry<Long, Range> e : keep) {
            ranges.put(e.getKey(), e.getValue());
        }
        count -= removed;
        return removed;
    }

    /**
     * Forgets what is missing in {@code first..last} (the sender dropped it); returns how many were. O(log n) per
     * range touched, however wide the span.
     */
    public long removeRange(long first, long last) {
        if (last < first) {
            return 0;
        }
        long removed = 0;
        Map.Entry<Long, Range> e = ranges.floorEntry(last);
        while (e != null && e.getValue().last >= first) {
            long start = e.getKey();
            Range r = e.getValue();
            ranges.remove(start);
            long from = Math.max(start, first);
            long to = Math.min(r.last, last);
            removed += to - from + 1;
            if (r.last > last) {
                ranges.put(last + 1, new Range(r.last, r.lastReportedMicros));
            }
            if (start < first) {
                ranges.put(start, new Range(first - 1, r.lastReportedMicros));
                break;
            }
            e = ranges.lowerEntry(start);
        }
        count -= removed;
        return removed;
    }

    public boolean contains(long seq) {
        Map.Entry<Long, Range> e = ranges.floorEntry(seq);
        return e != null && e.getValue().last >= seq;
    }

    /** The first missing sequence, or -1 when nothing is missing. */
    public long first() {
        return ranges.isEmpty() ? -1 : ranges.firstKey();
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The ranges not reported for at least {@code intervalMicros}, marked reported now; at most {@code maxRanges}
     * (a NAK must fit in one datagram). A list longer than the scan limit is looked at a slice per call, resuming
     * where the last call stopped and wrapping round, so each call costs O(scan limit) and every range comes round.
     */
    public List<Loss> dueForReport(long nowMicros, long intervalMicros, int maxRanges) {
        List<Loss> due = new ArrayList<>();
        boolean sliced = ranges.size() > scanLimit;
        long start = cursor;
        Iterator<Map.Entry<Long, Range>> it =
                (sliced ? ranges.tailMap(start, true) : ranges).entrySet().iterator();
        boolean wrapped = !sliced;
        for (int scanned = 0; scanned < scanLimit && due.size() < maxRanges; scanned++) {
            if (!it.hasNext()) {
                if (wrapped) {
                    break;
                }
                wrapped = true;
                it = ranges.headMap(start, false).entrySet().iterator();
                if (!it.hasNext()) {
                    break;
                }
            }
            Map.Entry<Long, Range> e = it.next();
            cursor = e.getKey() + 1;
            Range r = e.getValue();
            if (nowMicros - r.lastReportedMicros >= intervalMicros) {
                r.lastReportedMicros = nowMicros;
                due.add(new Loss(e.getKey(), r.last));
            }
        }
        return due;
    }
}
