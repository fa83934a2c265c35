package org.millrace.hls.viewers;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the simulated viewers of one process saw, counted without locks and in bounded memory: requests and bytes,
 * and per media object (segment or part) its fetch time and whether it was late. A media object is late (a stall in
 * a player holding only the live edge) when it arrived more than its own duration after the playlist announcing it
 * did, or not at all.
 */
final class FetchStats {
    /** Fetch times in 0.1 ms buckets up to 20 s; slower ones land in the last bucket. */
    private static final int BUCKETS = 200_000;

    private static final long BUCKET_NANOS = 100_000;

    private final AtomicLongArray fetchTimes = new AtomicLongArray(BUCKETS);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong playlistRequests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong media = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** A playlist (or init file) request that came back, whatever its status. */
    void request(long bodyBytes, boolean playlist) {
        requests.incrementAndGet();
        if (playlist) {
            playlistRequests.incrementAndGet();
        }
        bytes.addAndGet(bodyBytes);
    }

    /**
     * One media object fetched.
     *
     * @param waitedNanos from the announcing playlist's arrival to the object's last byte
     * @param fetchNanos  from its request to its last byte
     */
    void media(double durationSeconds, long waitedNanos, long fetchNanos, long bodyBytes) {
        request(bodyBytes, false);
        media.incrementAndGet();
        if (waitedNanos > durationSeconds * 1e9) {
            late.incrementAndGet();
        }
        fetchTimes.incrementAndGet((int) Math.min(BUCKETS - 1, fetchNanos / BUCKET_NANOS));
    }

    /** A media object that never came (an error status, a timeout, a refused connection): late by definition. */
    void failedMedia() {
        requests.incrementAndGet();
        media.incrementAndGet();
        late.incrementAndGet();
        failed.incrementAndGet();
    }

    long requests() {
        return requests.get();
    }

    long playlistRequests() {
        return playlistRequests.get();
    }

    long bytes() {
        return bytes.get();
    }

    long media() {
        return media.get();
    }

    long late() {
        return late.get();
    }

    long failed() {
        return failed.get();
    }

    /** The share of media objects that were late, 0 when none was fetched. */
    double lateShare() {
        long all = media.get();
        return all == 0 ? 0 : (double) late.get() / all;
    }

    /** The fetch time at or below which {@code quantile} of the media fetches finished, in milliseconds. */
    double fetchMillis(double quantile) {
        long all = 0;
        for (int i = 0; i < BUCKETS; i++) {
            all += fetchTimes.get(i);
        }
        if (all == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * all);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += fetchTimes.get(i);
            if (seen >= Math.max(1, rank)) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }
}
