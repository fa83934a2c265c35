package org.millrace.transcoder.live;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a pipeline for a session this process does not remember (a restart, then the publisher resumed) continues
 * its segment numbers: after the highest {@code <seq>.m4s} already stored, so nothing captured is overwritten (each
 * rendition after its own, so one that numbers longer segments skips none; see {@link SessionPlaylists}). When
 * storage cannot be listed, a number past any count of segments (the epoch second) rather than 0.
 */
final class StoredSegments {
    private static final Logger LOG = LoggerFactory.getLogger(StoredSegments.class);
    static final int ATTEMPTS = 3;

    /**
     * @param highest the highest stored sequence of any rendition (-1: none), or the fallback when the listing failed
     * @param byRendition rendition → its own highest stored sequence (empty when the listing failed)
     * @param listingFailure why the listing failed (the answer is then the fallback), or null
     */
    record Continuation(long highest, Map<String, Long> byRendition, RuntimeException listingFailure) {
        /** Nothing stored to continue after (a session this process started itself). */
        static final Continuation NONE = new Continuation(-1, Map.of(), null);
    }

    private final Storage storage;
    private final LongConsumer sleepMillis;
    private final Clock clock;

    StoredSegments(Storage storage, LongConsumer sleepMillis, Clock clock) {
        this.storage = storage;
        this.sleepMillis = sleepMillis;
        this.clock = clock;
    }

    /** Where a pipeline's numbering continues under {@code prefix}: after what is stored, or past it (logged). */
    static Continuation continuation(Storage storage, String prefix) {
        Continuation c = new StoredSegments(storage, StoredSegments::sleepQuietly, Clock.systemUTC()).highest(prefix);
        if (c.listingFailure() != null) {
            LOG.warn(
                    "{}: could not list stored segments ({}); numbering from {} so nothing is overwritten",
                    prefix,
                    c.listingFailure(),
                    c.highest());
        }
        return c;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The highest stored sequence under {@code prefix} (-1: none), trying the listing a few times. */
    Continuation highest(String prefix) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                long highest = -1;
                Map<String, Long> byRendition = new HashMap<>();
                for (ObjectInfo o : storage.list(prefix)) {
                    String key = o.key();
                    if (!key.endsWith(".m4s")) {
                        continue;
                    }
                    String name = key.substring(key.lastIndexOf('/') + 1, key.length() - 4);
                    if (name.indexOf('.') > 0) {
                        // a part (<seq>.<i>): its segment's number is taken too, even if the segment never was
                        name = name.substring(0, name.indexOf('.'));
                    }
                    long sequence;
                    try {
                        sequence = Long.parseLong(name);
                    } catch (NumberFormatException e) {
                        continue; // not one of ours
                    }
                    highest = Math.max(highest, sequence);
                    int slash = key.lastIndexOf('/');
                    if (key.startsWith(prefix) && slash > prefix.length()) {
                        byRendition.merge(key.substring(prefix.length(), slash), sequence, Math::max);
                    }
                }
                return new Continuation(highest, Map.copyOf(byRendition), null);
            } catch (RuntimeException e) {
                last = e;
                if (attempt + 1 < ATTEMPTS) {
                    sleepMillis.accept(500L * (attempt + 1));
                }
            }
        }
        // Numbering from memory (0 after a restart) could overwrite what was captured before: jump far past any
        // count of segments (at least 1 s each) instead; the recorder treats the jump like any gap.
        return new Continuation(clock.instant().getEpochSecond(), Map.of(), last);
    }
}
