package org.millrace.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.upload.UploadObjects;

/**
 * What the gateway's HTTP servers on its several event loops share, so that a bound holds for the process and not
 * once per loop, and every viewer of a stream sees one LL-HLS edge and one answer on who may watch: connections per
 * client address, the remembered stream and video lookups, the live edges with their held requests, the last good
 * playlists, the live files kept in memory, the bytes of whole-file reads, the storage outage state, the
 * web app's gzipped files.
 * All of it is thread-safe but the live edges, which stay on the loop they were made on ({@link LiveEdges#onHome});
 * what a loop keeps for itself (request deadlines, the routes and handlers) each server builds.
 *
 * @param uploads how storage takes tus uploads; null when it cannot
 */
record SharedGatewayState(
        ConnectionsPerAddress connectionsPerAddress,
        LiveSessions liveSessions,
        VideoPlaybacks videoPlaybacks,
        LiveEdges liveEdges,
        LastGoodPlaylists lastGoodPlaylists,
        RecentLiveFiles recentLiveFiles,
        WholeFileReads wholeFileReads,
        StorageOutages outages,
        WebAssetGzip webAssetGzip,
        UploadObjects uploads) {
    /** Live and VOD media lookups: a player polls its playlists, so a stuck streams or vod service fails them fast. */
    private static final Duration PLAYBACK_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    /** The process's shared state; the kept live files are swept on a timer of {@code vertx} even when nobody asks. */
    static SharedGatewayState create(
            Vertx vertx,
            MillraceConfig config,
            MetricsRegistry metrics,
            Storage storage,
            LiveEdgeSettings liveEdges,
            String webRoot,
            UploadObjects uploads) {
        HeldRequests held = new HeldRequests(liveEdges.maxHeld(), liveEdges.maxHeldPerAddress());
        RecentLiveFiles recent = RecentLiveFiles.defaults().countedIn(metrics.registry());
        long sweep = recent.maxAge().toMillis() / 2;
        vertx.setPeriodic(sweep, sweep, id -> recent.dropExpired());
        return new SharedGatewayState(
                new ConnectionsPerAddress(config.httpConnectionsPerAddress(), config.trustedProxies()),
                new LiveSessions(vertx.eventBus(), PLAYBACK_LOOKUP_TIMEOUT),
                new VideoPlaybacks(vertx.eventBus(), PLAYBACK_LOOKUP_TIMEOUT),
                new LiveEdges(vertx, storage, liveEdges, held, new LiveEdgeCounters(metrics.registry(), held)),
                new LastGoodPlaylists(LiveRoutes.KEPT_PLAYLISTS, LiveRoutes.KEPT_PLAYLIST_BYTES),
                recent,
                new WholeFileReads(WholeFileReads.DEFAULT_BUDGET_BYTES).countedIn(metrics.registry()),
                new StorageOutages(metrics.registry()),
                new WebAssetGzip(vertx, webRoot),
                uploads);
    }
}
