package org.millrace.streams;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.millrace.core.security.ClientAddressKey;
import org.millrace.streams.StreamsSettings.ViewerLimits;

/**
 * Concurrent viewers per stream: the distinct viewer ids whose last heartbeat is within the window. Kept in
 * memory, oldest heartbeat first, so expiring is a walk from the head and the count is the map's size. A viewer id
 * is made up by the player, so one client address (an IPv6 /64) counts for at most {@code perAddress} viewers of a
 * stream: more ids from it add nothing. Bounded: past {@code perStream} the stalest viewer is dropped; past
 * {@code streams} new streams, and past {@code total} new viewers, are not tracked until old ones expire.
 * With several streams instances each keeps a full copy: {@link StreamsStateSync} hears of every change taken
 * here ({@link #onChange}) and applies the others' ({@link #seenElsewhere}, {@link #forgottenElsewhere}).
 */
public final class ViewerCounter {
    private static final Pattern VIEWER_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final long FULL_SWEEP_INTERVAL_MILLIS = 1000;

    private final Clock clock;
    private final ViewerLimits limits;
    private final long windowMillis;
    private final Map<String, StreamViewers> streams = new HashMap<>();
    /** Viewers tracked across all streams. */
    private int total;
    /** A full counter sweeps every stream at most once a second, not on every refused heartbeat. */
    private long nextFullSweep = Long.MIN_VALUE;
    /** Told of each heartbeat and forgetting taken here (not of those applied from elsewhere). */
    private volatile ChangeListener listener = (streamId, viewerId, clientAddress) -> {};

    /** A change taken on this instance: a heartbeat, or ({@code viewerId} null) a stream's viewers forgotten. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String streamId, String viewerId, String clientAddress);
    }

    /** One viewer: the address it counts for and when it last said it watches. */
    private static final class Viewer {
        final String address;
        long lastSeen;

        Viewer(String address, long lastSeen) {
            this.address = address;
            this.lastSeen = lastSeen;
        }
    }

    /** A stream's viewers in heartbeat order, and how many each address counts for. */
    private static final class StreamViewers {
        final LinkedHashMap<String, Viewer> byId = new LinkedHashMap<>();
        final Map<String, Integer> perAddress = new HashMap<>();
    }

    public ViewerCounter(Clock clock, ViewerLimits limits) {
        this.clock = clock;
        this.limits = limits;
        this.windowMillis = limits.window().toMillis();
    }

    public static boolean isValidViewerId(String viewerId) {
        return viewerId != null && VIEWER_ID.matcher(viewerId).matches();
    }

    public void onChange(ChangeListener listener) {
        this.listener = listener;
    }

    /** Records a heartbeat from {@code clientAddress} (null: unknown) and returns the stream's viewer count after it. */
    public int heartbeat(String streamId, String viewerId, String clientAddress) {
        int count = record(streamId, viewerId, clientAddress);
        listener.changed(streamId, viewerId, clientAddress);
        return count;
    }

    /** A heartbeat another instance took. */
    public void seenElsewhere(String streamId, String viewerId, String clientAddress) {
        record(streamId, viewerId, clientAddress);
    }

    private synchronized int record(String streamId, String viewerId, String clientAddress) {
        long now = clock.millis();
        StreamViewers viewers = streams.get(streamId);
        if (viewers == null) {
            if (streams.size() >= limits.streams()) {
                expireAll(now);
            }
            if (streams.size() >= limits.streams()) {
                return 0; // full: refusing to track beats growing without bound
            }
            viewers = new StreamViewers();
            streams.put(streamId, viewers);
        }
        expire(viewers, now);
        String address = ClientAddressKey.of(clientAddress);
        Viewer known = viewers.byId.remove(viewerId);
        if (known != null && known.address.equals(address)) {
            known.lastSeen = now;
            viewers.byId.put(viewerId, known); // re-inserted at the tail: the map stays in heartbeat order
            return viewers.byId.size();
        }
        if (known != null) {
            release(viewers, known); // the viewer moved to another network: it counts there now, if room
        }
        if (viewers.perAddress.getOrDefault(address, 0) >= limits.perAddress()) {
            return viewers.byId.size();
        }
        if (total >= limits.total()) {
            expireAll(now);
            if (total >= limits.total()) {
                return viewers.byId.size();
            }
        }
        if (viewers.byId.size() >= limits.perStream()) {
            Iterator<Viewer> stalest = viewers.byId.values().iterator();
            release(viewers, stalest.next());
            stalest.remove();
        }
        viewers.byId.put(viewerId, new Viewer(address, now));
        viewers.perAddress.merge(address, 1, Integer::sum);
        total++;
        return viewers.byId.size();
    }

    public synchronized int count(String streamId) {
        StreamViewers viewers = streams.get(streamId);
        if (viewers == null) {
            return 0;
        }
        expire(viewers, clock.millis());
        if (viewers.byId.isEmpty()) {
            streams.remove(streamId);
            return 0;
        }
        return viewers.byId.size();
    }

    /** Drops a stream's viewers (the stream was deleted or went offline). */
    public void forget(String streamId) {
        forgottenElsewhere(streamId);
        listener.changed(streamId, null, null);
    }

    /** Another instance dropped the stream's viewers. */
    public synchronized void forgottenElsewhere(String streamId) {
        StreamViewers viewers = streams.remove(streamId);
        if (viewers != null) {
            total -= viewers.byId.size();
        }
    }

    /** Viewers tracked across all streams (for tests of the bounds). */
    synchronized int tracked() {
        return total;
    }

    private void expire(StreamViewers viewers, long now) {
        Iterator<Viewer> seen = viewers.byId.values().iterator();
        while (seen.hasNext()) {
            Viewer viewer = seen.next();
            if (now - viewer.lastSeen < windowMillis) {
                break;
            }
            release(viewers, viewer);
            seen.remove();
        }
    }

    /** Accounts for a viewer leaving {@code viewers.byId} (the caller removes it). */
    private void release(StreamViewers viewers, Viewer viewer) {
        viewers.perAddress.computeIfPresent(viewer.address, (a, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    private void expireAll(long now) {
        if (now < nextFullSweep) {
            return;
        }
        nextFullSweep = now + FULL_SWEEP_INTERVAL_MILLIS;
        streams.values().forEach(viewers -> expire(viewers, now));
        streams.values().removeIf(viewers -> viewers.byId.isEmpty());
    }
}
