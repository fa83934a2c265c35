package org.millrace.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.MasterPlaylistRewriter;

/**
 * Live HLS from storage (the all-in-one server; nginx does it in production): {@code /live/<streamId>/master.m3u8}
 * is the current session's master playlist, its URIs rewritten to {@code <sessionId>/...}, and
 * {@code /live/<streamId>/<sessionId>/<path>} the session's playlists, segments and thumbnail while that session is
 * the stream's current one (live or reconnecting); any other session is a 404.
 */
final class LiveRoutes {
    static final String MASTER_ROUTE = "/live/:streamId/master.m3u8";
    static final String FILE_ROUTE = "/live/:streamId/:sessionId/*";
    /** A rendition's media playlist, in its directory. */
    static final String MEDIA_PLAYLIST = "index.m3u8";

    private static final Pattern RENDITION_PLAYLIST = Pattern.compile("([A-Za-z0-9_-]{1,64})/index\\.m3u8");
    /** An LL-HLS part, {@code <rendition>/<seq>.<i>.m4s} ({@link org.millrace.hls.LiveUris#part}). */
    private static final Pattern PART = Pattern.compile("([A-Za-z0-9_-]{1,64})/([0-9]{1,15})\\.([0-9]{1,6})\\.m4s");

    private static final String PREFIX = "/live/";
    /** A master playlist lists a handful of renditions; anything this big is not one. */
    private static final int MAX_MASTER_BYTES = 256 * 1024;

    private static final MediaFile MASTER = new MediaFile("application/vnd.apple.mpegurl", "no-cache");

    private final Vertx vertx;
    private final Storage storage;
    private final LiveSessions sessions;
    /** Master and media playlists of the sessions on air: a few per stream, mostly a few KB each. */
    static final int KEPT_PLAYLISTS = 4096;

    static final long KEPT_PLAYLIST_BYTES = 32L * 1024 * 1024;

    private final StorageFileHandler files;
    private final StorageOutages outages;
    private final LastGoodPlaylists lastGood;
    private final LivePlaylistHandler playlists;
    private final LowLatencyHandler lowLatency;
    private final LiveEdges edges;

    /** @param lastGood the playlists answered stale while storage is down (the process's, shared by its loops) */
    LiveRoutes(
            Vertx vertx,
            Storage storage,
            LiveSessions sessions,
            StorageOutages outages,
            StorageFileHandler files,
            LiveEdges edges,
            LastGoodPlaylists lastGood) {
        this.vertx = vertx;
        this.lastGood = lastGood;
        this.storage = storage;
        this.sessions = sessions;
        this.outages = outages;
        this.files = files;
        this.playlists = new LivePlaylistHandler(vertx, storage, files, lastGood, outages);
        this.lowLatency = new LowLatencyHandler(edges, playlists, files, lastGood);
        this.edges = edges;
    }

    void register(Router router) {
        router.route(MASTER_ROUTE)
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(ctx -> {
                    HttpServerMetrics.tagRoute(ctx, MASTER_ROUTE);
                    master(ctx);
                });
        // Matched on the normalized path (dot segments already resolved); the handler re-checks every segment.
        router.routeWithRegex("/live/[^/]+/[^/]+/.+")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(ctx -> {
                    HttpServerMetrics.tagRoute(ctx, FILE_ROUTE);
                    sessionFile(ctx);
                });
    }

    private void master(RoutingContext ctx) {
        String streamId = ctx.pathParam("streamId");
        if (!LiveMediaFiles.isId(streamId)) {
            ApiErrors.send(ctx, 404, "not_found", "no such stream");
            return;
        }
        sessions.current(streamId, RequestIds.of(ctx), ClientAddress.of(ctx))
                .onSuccess(sessionId -> sessionMaster(ctx, streamId, sessionId))
                .onFailure(failure -> ApiErrors.send(ctx, ServiceException.fromReply(failure)));
    }

    private void sessionMaster(RoutingContext ctx, String streamId, String sessionId) {
        String key = LiveMediaFiles.key(streamId, sessionId, StorageLayout.LIVE_MASTER);
        vertx.executeBlocking(() -> MasterPlaylistRewriter.rewrite(readMaster(key), sessionId), false)
                .onSuccess(playlist -> {
                    outages.succeeded();
                    byte[] body = playlist.getBytes(StandardCharsets.UTF_8);
                    lastGood.put(key, MASTER.contentType(), body);
                    ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, MASTER.contentType())
                            // The session changes when the streamer reconnects after the grace: always revalidate.
                            .putHeader(HttpHeaders.CACHE_CONTROL, MASTER.cacheControl())
                            // A few hundred bytes, sent as they are (gzip would save little).
                            .end(Buffer.buffer(body));
                })
                .onFailure(failure -> {
                    if (LivePlaylistHandler.answerStale(ctx, key, failure, lastGood, outages)) {
                        return;
                    }
                    if (failure instanceof StorageNotFoundException) {
                        // Live, but the transcoder has not written its first playlist yet: players retry.
                        ApiErrors.send(ctx, 404, "playlist_not_ready", "the stream has no playlist yet");
                    } else {
                        files.fail(ctx, streamId + " master playlist", failure);
                    }
                });
    }

    private void sessionFile(RoutingContext ctx) {
        // Parsed from the normalized path rather than decoded path parameters: an encoded '/' or '.' stays
        // encoded there, and the allow-list refuses '%', so nothing decoded later can form a new segment.
        String rest = ctx.normalizedPath().substring(PREFIX.length());
        String[] parts = rest.split("/", 3);
        if (parts.length < 3 || !LiveMediaFiles.isId(parts[0]) || !LiveMediaFiles.isId(parts[1])) {
            ApiErrors.send(ctx, 404, "not_found", "no such file");
            return;
        }
        String path = parts[2];
        if (!LiveMediaFiles.isSafePath(path)) {
            ApiErrors.send(ctx, 400, "invalid_path", "the path has characters or segments a media file never has");
            return;
        }
        Optional<MediaFile> media = LiveMediaFiles.forPath(path);
        if (media.isEmpty()) {
            ApiErrors.send(ctx, 404, "not_found", "no such file");
            return;
        }
        // Only the session on air: a finished session's files may now belong to a private video, served by /vod.
        sessions.isCurrent(parts[0], parts[1], RequestIds.of(ctx), ClientAddress.of(ctx))
                .onSuccess(current -> {
                    // Only what may be a rendition playlist or a part goes through a regex: most requests are segments.
                    Matcher playlist = path.endsWith("/index.m3u8") ? RENDITION_PLAYLIST.matcher(path) : null;
                    Matcher part = path.indexOf('.') != path.lastIndexOf('.') ? PART.matcher(path) : null;
                    if (!current) {
                        ApiErrors.send(ctx, 404, "not_found", "no such file");
                    } else if (playlist != null && playlist.matches()) {
                        edges.onHome(
                                ctx,
                                () -> lowLatency.playlist(
                                        ctx,
                                        parts[0],
                                        parts[1],
                                        playlist.group(1),
                                        LiveMediaFiles.key(parts[0], parts[1], path),
                                        media.get()));
                    } else if (part != null && part.matches()) {
                        edges.onHome(
                                ctx,
                                () -> lowLatency.part(
                                        ctx,
                                        parts[0],
                                        parts[1],
                                        part.group(1),
                                        Long.parseLong(part.group(2)),
                                        Integer.parseInt(part.group(3)),
                                        LiveMediaFiles.key(parts[0], parts[1], path),
                                        media.get()));
                    } else if (path.toLowerCase(Locale.ROOT).endsWith(".m3u8")) {
                        playlists.serve(ctx, LiveMediaFiles.key(parts[0], parts[1], path), media.get());
                    } else {
                        files.serve(ctx, LiveMediaFiles.key(parts[0], parts[1], path), media.get());
                    }
                })
                .onFailure(failure -> ApiErrors.send(ctx, ServiceException.fromReply(failure)));
    }

    private String readMaster(String key) {
        try (StorageObject object = storage.get(key)) {
            byte[] bytes = object.body().readNBytes(MAX_MASTER_BYTES + 1);
            if (bytes.length > MAX_MASTER_BYTES) {
                throw new StorageException("master playlist " + key + " is larger than " + MAX_MASTER_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
