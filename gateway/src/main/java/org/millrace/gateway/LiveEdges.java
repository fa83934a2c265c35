package org.millrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.millrace.core.storage.Storage;

/**
 * The live sessions this gateway follows for LL-HLS, at most {@link LiveEdgeSettings#maxStreams()}: one per stream
 * with viewers, created on the first request, replaced when a request names the stream's next session, dropped once
 * nobody asked for it in {@link LiveEdgeSettings#idleAfter()}. Past the bound the least recently used idle one goes;
 * when every one holds requests, a new stream is not followed (its viewers get the classic playlist from storage).
 * One per process, confined to the event loop it was made on (its home): the HTTP servers on the gateway's other
 * loops hand their LL-HLS requests over with {@link #onHome}, so every viewer of a stream sees the same edge.
 */
final class LiveEdges {
    /** The loop a request handed over by {@link #onHome} arrived on. */
    private static final String REQUEST_LOOP = "millrace.requestLoop";

    private final Vertx vertx;
    private final Context home;
    private final Storage storage;
    private final LiveEdgeSettings settings;
    private final HeldRequests held;
    private final LiveEdgeCounters counters;
    private final LinkedHashMap<String, StreamEdge> streams = new LinkedHashMap<>(16, 0.75f, true);

    LiveEdges(Vertx vertx, Storage storage, LiveEdgeSettings settings, HeldRequests held, LiveEdgeCounters counters) {
        this.vertx = vertx;
        this.home = vertx.getOrCreateContext();
        this.storage = storage;
        this.settings = settings;
        this.held = held;
        this.counters = counters;
        long sweep = Math.max(1000, settings.idleAfter().toMillis() / 2);
        vertx.setPeriodic(sweep, sweep, id -> sweep());
    }

    /**
     * Runs {@code work} (which decides how to answer {@code ctx}) on the edges' home loop. Short answers are written
     * from there to the connection of another loop, which Vert.x's HTTP/1 responses allow (they lock the connection);
     * serving a file goes back to the request's own loop first ({@link #onRequestLoop}).
     */
    void onHome(RoutingContext ctx, Runnable work) {
        Context origin = Vertx.currentContext();
        if (origin == home) {
            work.run();
            return;
        }
        ctx.put(REQUEST_LOOP, origin);
        home.runOnContext(v -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /**
     * Runs {@code work} on the loop the request of {@code ctx} arrived on: file serving keeps state (a pump, its drain
     * handler) that must stay on the connection's loop.
     */
    void onRequestLoop(RoutingContext ctx, Runnable work) {
        Loops.runOn(ctx.get(REQUEST_LOOP), work);
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
