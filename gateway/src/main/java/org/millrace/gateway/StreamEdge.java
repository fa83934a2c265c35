package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LivePlaylistUpdate;
import org.millrace.core.storage.Storage;
import org.millrace.hls.PlaylistTail;
import org.millrace.hls.RenditionReport;

/**
 * One live session this gateway follows because viewers ask for it: one event-bus consumer on
 * {@link Addresses#livePlaylist(String)} and its renditions ({@link RenditionEdge}), at most
 * {@link LiveEdgeSettings#maxRenditions()}. Updates of another session of the stream are counted and ignored (the
 * request path decides which session is current). Used on the gateway's event loop.
 */
final class StreamEdge {
    private final String streamId;
    private final String sessionId;
    private final Vertx vertx;
    private final Storage storage;
    private final LiveEdgeSettings settings;
    private final HeldRequests held;
    private final LiveEdgeCounters counters;
    private final Map<String, RenditionEdge> renditions = new LinkedHashMap<>();
    private final MessageConsumer<LivePlaylistUpdate> consumer;
    private final Future<Void> subscribed;
    private long lastUsedNanos = System.nanoTime();
    private final long followedSinceNanos = System.nanoTime();

    StreamEdge(
            String streamId,
            String sessionId,
            Vertx vertx,
            Storage storage,
            LiveEdgeSettings settings,
            HeldRequests held,
            LiveEdgeCounters counters) {
        this.streamId = streamId;
        this.sessionId = sessionId;
        this.vertx = vertx;
        this.storage = storage;
        this.settings = settings;
        this.held = held;
        this.counters = counters;
        this.consumer = vertx.eventBus().consumer(Addresses.livePlaylist(streamId), message -> update(message.body()));
        // Registered across the cluster before the first copy is read, so no tail published after it is missed.
        this.subscribed = consumer.completion();
    }

    String sessionId() {
        return sessionId;
    }

    Future<Void> subscribed() {
        return subscribed;
    }

    /** Whether it began to be followed less than {@code nanos} ago (its first updates may still be on the way). */
    boolean followedWithin(long nanos) {
        return System.nanoTime() - followedSinceNanos < nanos;
    }

    void used() {
        lastUsedNanos = System.nanoTime();
    }

    boolean idleFor(long nanos) {
        return held() == 0 && System.nanoTime() - lastUsedNanos > nanos;
    }

    int held() {
        int total = 0;
        for (RenditionEdge r : renditions.values()) {
            total += r.held();
        }
        return total;
    }

    private void update(LivePlaylistUpdate update) {
        if (!sessionId.equals(update.sessionId()) || !streamId.equals(update.streamId())) {
            counters.foreignUpdate();
            return;
        }
        RenditionEdge rendition = rendition(update.rendition());
        if (rendition != null) {
            rendition.onTail(update.tail());
        }
    }

    /** The rendition, followed from now on; null for a name no rendition has, or past the bound. */
    RenditionEdge rendition(String name) {
        RenditionEdge existing = renditions.get(name);
        if (existing != null || !LiveMediaFiles.isId(name) || renditions.size() >= settings.maxRenditions()) {
            return existing;
        }
        RenditionEdge created = new RenditionEdge(
                name,
                LiveMediaFiles.key(streamId, sessionId, name + "/" + LiveRoutes.MEDIA_PLAYLIST),
                vertx,
                storage,
                settings,
                held,
                counters);
        renditions.put(name, created);
        return created;
    }

    /**
     * Drops a rendition no update ever named and nobody waits on (a request for a name that is not one of the
     * session's): made-up names never take the places of real renditions.
     */
    void forgetUnheard(String name) {
        RenditionEdge edge = renditions.get(name);
        if (edge != null && edge.tail() == null && edge.held() == 0) {
            renditions.remove(name);
        }
    }

    /** EXT-X-RENDITION-REPORTs of every rendition but {@code of}, from their latest tails. */
    List<RenditionReport> reports(String of) {
        List<RenditionReport> reports = new ArrayList<>();
        for (RenditionEdge r : renditions.values()) {
            PlaylistTail tail = r.tail();
            if (!r.name().equals(of) && tail != null) {
                RenditionReport report = TailPosition.report("../" + r.name() + "/" + LiveRoutes.MEDIA_PLAYLIST, tail);
                if (report != null) {
                    reports.add(report);
                }
            }
        }
        return reports;
    }

    void close() {
        consumer.unregister();
    }

    /** Whether its bus consumer is registered (until {@link #close}). */
    boolean listening() {
        return consumer.isRegistered();
    }
}
