package org.millrace.ingest.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Concurrent viewers per stream: the distinct viewer ids whose last heartbeat is within the window. Kept in
 * memory, oldest heartbeat first, so expiring is a walk from the head and the count is the map's size. Bounded:
 * past {@code maxViewersPerStream} the stalest viewer is dropped; past {@code maxStreams} new streams are not
 * tracked until old ones expire.
 */
public final class ViewerCounter {
    private static final Pattern VIEWER_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final Clock clock;
    private final long windowMillis;
    private final int maxViewersPerStream;
    private final int maxStreams;
    /** stream id → (viewer id → last heartbeat millis), each inner map in heartbeat order. */
    private final Map<String, LinkedHashMap<String, Long>> streams = new HashMap<>();

    public ViewerCounter(Clock clock, Duration window, int maxViewersPerStream, int maxStreams) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.maxViewersPerStream = maxViewersPerStream;
        this.maxStreams = maxStreams;
    }

    public static boolean isValidViewerId(String viewerId) {
        return viewerId != null && VIEWER_ID.matcher(viewerId).matches();
    }

    /** Records a heartbeat and returns the stream's viewer count after it. */
    public synchronized int heartbeat(String streamId, String viewerId) {
        long now = clock.millis();
        LinkedHashMap<String, Long> viewers = streams.get(streamId);
        if (viewers == null) {
            if (streams.size() >= maxStreams) {
                expireAll(now);
            }
            if (streams.size() >= maxStreams) {
                return 0; // full: refusing to track beats growing without bound
            }
            viewers = new LinkedHashMap<>();
            streams.put(streamId, viewers);
        }
        viewers.remove(viewerId); // re-inserted at the tail: the map stays in heartbeat order
        viewers.put(viewerId, now);
        if (viewers.size() > maxViewersPerStream) {
            Iterator<String> stalest = viewers.keySet().iterator();
            stalest.next();
            stalest.remove();
        }
        expire(viewers, now);
        return viewers.size();
    }

    public synchronized int count(String streamId) {
        LinkedHashMap<String, Long> viewers = streams.get(streamId);
        if (viewers == null) {
            return 0;
        }
        expire(viewers, clock.millis());
        if (viewers.isEmpty()) {
            streams.remove(streamId);
            return 0;
        }
        return viewers.size();
    }

    /** Drops a stream's viewers (the stream was deleted or went offline). */
    public synchronized void forget(String streamId) {
        streams.remove(streamId);
    }

    private void expire(LinkedHashMap<String, Long> viewers, long now) {
        Iterator<Long> seen = viewers.values().iterator();
        while (seen.hasNext() && now - seen.next() >= windowMillis) {
            seen.remove();
        }
    }

    private void expireAll(long now) {
        streams.values().forEach(viewers -> expire(viewers, now));
        streams.values().removeIf(Map::isEmpty);
    }
}
