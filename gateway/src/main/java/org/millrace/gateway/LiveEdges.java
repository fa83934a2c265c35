package org.millrace.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.millrace.core.storage.Storage;

import io.vertx.core.Vertx;

/**
 * The live sessions this gateway follows for LL-HLS, at most {@link LiveEdgeSettings#maxStreams()}: one per stream
 * with viewers, created on the first request, replaced when a request names the stream's next session, dropped once
 * nobody asked for it in {@link LiveEdgeSettings#idleAfter()}. Past the bound the least recently used idle one goes;
 * when every one holds requests, a new stream is not followed (its viewers get the classic playlist from storage).
 * Used on the gateway's event loop.
 */
final class LiveEdges {
    private final Vertx vertx;
    private final Storage storage;
    private final LiveEdgeSettings settings;
    private final HeldRequests held;
    private final LiveEdgeCounters counters;
    private final LinkedHashMap<String, StreamEdge> streams = new LinkedHashMap<>(16, 0.75f, true);

    LiveEdges(Vertx vertx, Storage storage, LiveEdgeSettings settings, HeldRequests held, LiveEdgeCounters counters) {
        this.vertx = vertx;
        this.storage = storage;
        this.settings = settings;
        this.held = held;
        this.counters = counters;
        long sweep = Math.max(1000, settings.idleAfter().toMillis() / 2);
        vertx.setPeriodic(sweep, sweep, id -> sweep());
    }

    LiveEdgeSettings settings() {
        return settings;
    }

    LiveEdgeCounters counters() {
        return counters;
    }

    /** The followed session {@code sessionId} of the stream (the current one: the caller checked), or null at capacity. */
    StreamEdge follow(String streamId, String sessionId) {
        StreamEdge edge = streams.get(streamId);
        if (edge != null && edge.sessionId().equals(sessionId)) {
            edge.used();
            return edge;
        }
        if (edge != null) {
            // The stream's next session: the previous one's copies are of no use any more.
            streams.remove(streamId);
            edge.close();
        }
        if (streams.size() >= settings.maxStreams() && !evictOne()) {
            return null;
        }
        StreamEdge created = new StreamEdge(streamId, sessionId, vertx, storage, settings, held, counters);
        streams.put(streamId, created);
        return created;
    }

    /** The followed session, or null when this gateway does not follow it. */
    StreamEdge find(String streamId, String sessionId) {
        StreamEdge edge = streams.get(streamId);
        if (edge == null || !edge.sessionId().equals(sessionId)) {
            return null;
        }
        edge.used();
        return edge;
    }

    int size() {
        return streams.size();
    }

    private boolean evictOne() {
        for (Iterator<Map.Entry<String, StreamEdge>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            StreamEdge eldest = it.next().getValue();
            if (eldest.held() == 0) {
                it.remove();
                eldest.close();
                return true;
            }
        }
        return false;
    }

    private void sweep() {
        long idle = settings.idleAfter().toNanos();
        for (Iterator<Map.Entry<String, StreamEdge>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            StreamEdge edge = it.next().getValue();
            if (edge.idleFor(idle)) {
                it.remove();
                edge.close();
            }
        }
    }
}
