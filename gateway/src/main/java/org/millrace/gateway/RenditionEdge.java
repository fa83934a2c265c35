package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.LiveEdge;
import org.millrace.hls.MediaPlaylist;
import org.millrace.hls.PlaylistTail;
import org.millrace.hls.RenderOptions;
import org.millrace.hls.RenditionReport;

/**
 * One live rendition as this gateway follows it: the latest {@link PlaylistTail} heard on the bus (enough to decide
 * part requests) and, once a viewer asked for its playlist, a {@link MediaPlaylist} read from storage's
 * {@code index.m3u8} and brought up to date with every tail (a tail that does not connect reloads it). The playlist
 * lives on worker threads, one task at a time ({@link SerialWork}); the event loop sees snapshots of its edge and
 * keeps the latest full and delta renders. Tails waiting to be merged are coalesced: only the newest is merged.
 */
final class RenditionEdge {
    /** A copy larger than this is not a live playlist of ours (2 h of 1 s segments, a date on each, is ~800 KB). */
    static final int MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;

    /** Where the playlist stands, as the event loop last saw it. */
    record Snapshot(LiveEdge edge, long version, boolean ended) {
        static final Snapshot NONE = new Snapshot(LiveEdge.NOTHING, -1, false);
    }

    private final String name;
    private final String playlistKey;
    private final Storage storage;
    private final LiveEdgeSettings settings;
    private final SerialWork work;
    private final WaitingRoom playlistWaiters;
    private final WaitingRoom partWaiters;
    private final AtomicReference<PlaylistTail> unmerged = new AtomicReference<>();
    private final LiveEdgeCounters counters;

    /** Worker-confined (touched only by {@link #work}'s tasks). */
    private MediaPlaylist playlist;

    private PlaylistTail tail;
    private Future<Void> loading;
    private long failedAtNanos;
    /** When a tail was last heard: the copy is trusted for a hold timeout after. */
    private long heardNanos;

    private boolean heard;
    private boolean merging;
    private Snapshot snapshot = Snapshot.NONE;
    private final RenderedPlaylist[] latest = new RenderedPlaylist[2];
    private final Future<?>[] rendering = new Future<?>[2];
    /** The version the event loop had seen when each render in flight was queued: it shows at least that one. */
    private final long[] renderingFrom = new long[2];

    RenditionEdge(
            String name,
            String playlistKey,
            Vertx vertx,
            Storage storage,
            LiveEdgeSettings settings,
            HeldRequests held,
            LiveEdgeCounters counters) {
        this.name = name;
        this.playlistKey = playlistKey;
        this.storage = storage;
        this.settings = settings;
        this.counters = counters;
        this.work = new SerialWork(vertx);
        this.playlistWaiters = new WaitingRoom(vertx, held);
        this.partWaiters = new WaitingRoom(vertx, held);
    }

    String name() {
        return name;
    }

    /** The newest tail heard, or null before the first. */
    PlaylistTail tail() {
        return tail;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    WaitingRoom playlistWaiters() {
        return playlistWaiters;
    }

    WaitingRoom partWaiters() {
        return partWaiters;
    }

    int held() {
        return playlistWaiters.size() + partWaiters.size();
    }

    /**
     * The playlist loaded (once; a failed load is tried again after a second), after {@code subscribed}: tails heard
     * from then on are merged, so none published after the copy was read is missed.
     */
    Future<Void> loaded(Future<?> subscribed) {
        if (loading == null || (loading.failed() && System.nanoTime() - failedAtNanos > 1_000_000_000L)) {
            loading = subscribed
                    .compose(ready -> work.run(this::load))
                    .map(this::apply)
                    .onFailure(failure -> failedAtNanos = System.nanoTime())
                    // A tail heard between the load's merge and now waits for no later one.
                    .onSuccess(done -> scheduleMerge());
        }
        return loading;
    }

    /**
     * Whether the copy is known to be current: a tail was heard within a hold timeout. Before the first tail, and
     * when tails stop (a publisher reconnecting, storage down, a transcoder that publishes none), storage's own copy
     * is what a plain request gets; the next tail brings ours up to date (reading storage again if it must).
     */
    boolean fresh() {
        return heard && System.nanoTime() - heardNanos < settings.holdTimeout().toNanos();
    }

    /** A tail heard on the bus: part requests decide at once, the playlist merges it on a worker. */
    void onTail(PlaylistTail newer) {
        if (tail != null && newer.version() <= tail.version()) {
            return;
        }
        boolean first = !heard;
        tail = newer;
        heard = true;
        heardNanos = System.nanoTime();
        partWaiters.changed();
        if (first) {
            playlistWaiters.changed(); // requests waiting for the first update to know the copy is current
        }
        unmerged.set(newer);
        scheduleMerge();
    }

    private void scheduleMerge() {
        if (merging || loading == null || !loading.succeeded() || unmerged.get() == null) {
            return; // the load merges what arrived meanwhile; a running merge reschedules itself
        }
        merging = true;
        work.run(this::mergeUnmerged).onComplete(done -> {
            merging = false;
            if (done.succeeded()) {
                apply(done.result());
            }
            if (unmerged.get() != null) {
                scheduleMerge();
            }
        });
    }

    /** Worker: the first copy, read from storage, and what was heard while it was read. */
    private Snapshot load() {
        playlist = MediaPlaylist.parse(read(), settings.segmentTarget(), settings.window(), settings.lowLatency());
        return mergeUnmerged();
    }

    /** Worker: merges the newest unmerged tail; one that does not connect reloads the playlist from storage first. */
    private Snapshot mergeUnmerged() {
        PlaylistTail next = unmerged.getAndSet(null);
        if (next != null && !playlist.merge(next)) {
            counters.reloaded();
            try {
                MediaPlaylist reloaded =
                        MediaPlaylist.parse(read(), settings.segmentTarget(), settings.window(), settings.lowLatency());
                if (reloaded.merge(next)) {
                    playlist = reloaded;
                }
            } catch (RuntimeException unreadable) {
                // Storage down or a playlist mid-rewrite: keep serving the copy, the next tail tries again.
            }
        }
        return new Snapshot(playlist.edge(), playlist.version(), playlist.isEnded());
    }

    private Void apply(Snapshot next) {
        if (next.version() != snapshot.version() || next.ended() != snapshot.ended()) {
            snapshot = next;
            playlistWaiters.changed();
        }
        return null;
    }

    /** The LL-HLS render of the current version, {@code skip} for a delta update, made once per version. */
    Future<RenderedPlaylist> render(boolean skip, Supplier<List<RenditionReport>> reports) {
        int kind = skip ? 1 : 0;
        RenderedPlaylist cached = latest[kind];
        if (cached != null && cached.version >= snapshot.version()) {
            return Future.succeededFuture(cached);
        }
        @SuppressWarnings("unchecked")
        Future<RenderedPlaylist> inFlight = (Future<RenderedPlaylist>) rendering[kind];
        if (inFlight != null && !inFlight.isComplete() && renderingFrom[kind] >= snapshot.version()) {
            return inFlight; // queued behind the merge that made this version: it shows at least this one
        }
        List<RenditionReport> siblings = reports.get();
        Future<RenderedPlaylist> made = work.run(() -> new RenderedPlaylist(
                        playlist.version(),
                        skip,
                        playlist.render(new RenderOptions(skip, siblings)).getBytes(StandardCharsets.UTF_8)))
                .onSuccess(rendered -> {
                    counters.rendered();
                    RenderedPlaylist kept = latest[kind];
                    if (kept == null || rendered.version >= kept.version) {
                        latest[kind] = rendered;
                    }
                });
        rendering[kind] = made;
        renderingFrom[kind] = snapshot.version();
        return made;
    }

    private String read() {
        try (StorageObject object = storage.get(playlistKey)) {
            byte[] bytes = object.body().readNBytes(MAX_PLAYLIST_BYTES + 1);
            if (bytes.length > MAX_PLAYLIST_BYTES) {
                throw new StorageException("playlist " + playlistKey + " is larger than " + MAX_PLAYLIST_BYTES);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read " + playlistKey, e);
        }
    }
}
