package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.millrace.hls.BlockingReload;
import org.millrace.hls.LiveUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LL-HLS from memory for a live session's media playlists and parts (RFC 8216bis 6.2.5): a playlist GET is the
 * followed rendition's render, full or delta ({@code _HLS_skip=YES|v2}), with the sibling renditions' reports;
 * {@code _HLS_msn} / {@code _HLS_part} hold it (no thread blocked, bounded) until the merge that brings the part,
 * 503 after three target durations, 400 when asked too far ahead or malformed; a request for the part the preload
 * hint names is held until the part is announced and then served from storage, one further ahead is a 404. Gzip
 * when the client asks, made once per version. Whatever cannot be followed (the bound on streams reached, a
 * playlist not ours, storage down at the first read) goes the classic way ({@link LivePlaylistHandler}), which
 * keeps the last good copy while storage is down.
 */
final class LowLatencyHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LowLatencyHandler.class);
    /**
     * Playlists and blocking answers: an edge cache (nginx, issue 15) may share one for a second. A blocking answer
     * keyed by its query is right for any viewer for as long (it lists at least the part asked for), so N viewers
     * waiting for the same part cost the origin one held request; a plain playlist a second old is what a classic
     * player reloading every target duration sees anyway.
     */
    static final String PLAYLIST_CACHE = LiveMediaFiles.PLAYLIST_CACHE;

    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

    private final LiveEdges edges;
    private final LivePlaylistHandler classic;
    private final StorageFileHandler files;
    private final LastGoodPlaylists lastGood;

    LowLatencyHandler(
            LiveEdges edges, LivePlaylistHandler classic, StorageFileHandler files, LastGoodPlaylists lastGood) {
        this.edges = edges;
        this.classic = classic;
        this.files = files;
        this.lastGood = lastGood;
    }

    /** {@code <rendition>/index.m3u8} of the current session {@code sessionId} (checked by the caller). */
    void playlist(
            RoutingContext ctx, String streamId, String sessionId, String rendition, String key, MediaFile media) {
        BlockingReload directives;
        try {
            directives = directives(ctx.queryParams());
        } catch (IllegalArgumentException malformed) {
            ApiErrors.send(ctx, 400, "invalid_blocking_request", malformed.getMessage());
            return;
        }
        if (ctx.request().method() == HttpMethod.HEAD || ctx.request().getHeader("Range") != null) {
            serveClassic(ctx, key, media);
            return;
        }
        StreamEdge stream = edges.follow(streamId, sessionId);
        RenditionEdge edge = stream == null ? null : stream.rendition(rendition);
        if (edge == null) {
            serveClassic(ctx, key, media);
            return;
        }
        edge.loaded(stream.subscribed())
                .onSuccess(loaded -> {
                    if (edge.fresh() || directives.blocks()) {
                        decide(ctx, stream, edge, directives, key);
                    } else if (stream.followedWithin(
                            edges.settings().holdTimeout().toNanos())) {
                        // Just followed: the first update is a part away; an LL-HLS player's first playlist should
                        // be LL-HLS. Storage's copy if none comes soon (a transcoder that publishes none).
                        edge.playlistWaiters()
                                .hold(
                                        ctx,
                                        edges.settings()
                                                .lowLatency()
                                                .partTarget()
                                                .multipliedBy(2),
                                        () -> {
                                            if (!edge.fresh()) {
                                                return false;
                                            }
                                            decide(ctx, stream, edge, directives, key);
                                            return true;
                                        },
                                        () -> serveClassic(ctx, key, media));
                    } else {
                        serveClassic(ctx, key, media); // storage's copy, or the last good one while it is down
                    }
                })
                .onFailure(unfollowable -> {
                    stream.forgetUnheard(rendition);
                    serveClassic(ctx, key, media);
                });
    }

    private void decide(
            RoutingContext ctx, StreamEdge stream, RenditionEdge edge, BlockingReload directives, String key) {
        switch (decision(edge, directives)) {
            case READY -> answer(ctx, stream, edge, directives.skip(), key);
            case TOO_FAR ->
                ApiErrors.send(
                        ctx,
                        400,
                        "too_far_ahead",
                        "_HLS_msn / _HLS_part ask for a part more " + "than the advance limit beyond the live edge");
            case WAIT ->
                edge.playlistWaiters()
                        .hold(
                                ctx,
                                edges.settings().holdTimeout(),
                                () -> {
                                    if (decision(edge, directives) != BlockingReload.Decision.READY) {
                                        return false;
                                    }
                                    answer(ctx, stream, edge, directives.skip(), key);
                                    return true;
                                },
                                () -> {
                                    edges.counters().timedOut();
                                    ctx.response().putHeader("Retry-After", "1");
                                    ApiErrors.send(
                                            ctx, 503, "part_not_ready", "the part asked for did not appear in time");
                                });
        }
    }

    private BlockingReload.Decision decision(RenditionEdge edge, BlockingReload directives) {
        RenditionEdge.Snapshot now = edge.snapshot();
        if (now.ended()) {
            return BlockingReload.Decision.READY; // an ended playlist never grows: answer it as it is
        }
        return directives.decide(now.edge(), edges.settings().lowLatency().partTarget());
    }

    private void answer(RoutingContext ctx, StreamEdge stream, RenditionEdge edge, boolean skip, String key) {
        boolean gzip = AcceptEncoding.gzip(ctx);
        edge.render(skip, () -> stream.reports(edge.name()))
                .compose(rendered -> {
                    if (!rendered.skip) {
                        // What the classic way answers while storage is down, should tails stop meanwhile.
                        lastGood.put(key, PLAYLIST_TYPE, rendered.body);
                    }
                    return gzip ? rendered.gzip(ctx.vertx()) : Future.succeededFuture(rendered.body);
                })
                .onSuccess(body -> send(ctx, body, gzip))
                .onFailure(failure -> {
                    // Not the client's doing: a playlist we hold that cannot be rendered is our bug.
                    LOG.error("request {}: rendering {} failed", RequestIds.of(ctx), key, failure);
                    ApiErrors.send(ctx, 500, "internal_error", "something went wrong on our side");
                });
    }

    private static void send(RoutingContext ctx, byte[] body, boolean gzip) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, PLAYLIST_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, PLAYLIST_CACHE);
        AcceptEncoding.end(response, gzip ? null : body, gzip ? body : null);
    }

    /**
     * {@code <rendition>/<seq>.<i>.m4s}: announced or older parts come from storage as any file; the next one is held
     * until announced; one further ahead is a 404 at once.
     */
    void part(
            RoutingContext ctx,
            String streamId,
            String sessionId,
            String rendition,
            long sequence,
            int index,
            String key,
            MediaFile media) {
        StreamEdge stream = edges.follow(streamId, sessionId);
        RenditionEdge edge = stream == null ? null : stream.rendition(rendition);
        if (edge == null || edge.tail() == null) {
            if (edge != null) {
                stream.forgetUnheard(rendition);
            }
            serveFile(ctx, key, media); // not followed, or nothing heard yet: storage knows
            return;
        }
        long[] asked = TailPosition.resolve(edge.tail(), sequence, index);
        switch (TailPosition.of(edge.tail(), asked[0], (int) asked[1])) {
            case ANNOUNCED, BEHIND -> serveFile(ctx, partKey(key, asked), media);
            case FAR -> ApiErrors.send(ctx, 404, "not_found", "no such part (yet)");
            case NEXT ->
                edge.partWaiters()
                        .hold(
                                ctx,
                                edges.settings().holdTimeout(),
                                () -> {
                                    long[] now = TailPosition.resolve(edge.tail(), sequence, index);
                                    switch (TailPosition.of(edge.tail(), now[0], (int) now[1])) {
                                        case NEXT -> {
                                            return false;
                                        }
                                        case FAR -> ApiErrors.send(ctx, 404, "not_found", "no such part");
                                        default -> serveFile(ctx, partKey(key, now), media);
                                    }
                                    return true;
                                },
                                () -> {
                                    edges.counters().timedOut();
                                    ctx.response().putHeader("Retry-After", "1");
                                    ApiErrors.send(
                                            ctx, 503, "part_not_ready", "the part asked for did not appear in time");
                                });
        }
    }

    /** Storage's copy of the playlist, read and written on the request's loop. */
    private void serveClassic(RoutingContext ctx, String key, MediaFile media) {
        edges.onRequestLoop(ctx, () -> classic.serve(ctx, key, media));
    }

    /** A part from memory or storage, served on the request's loop. */
    private void serveFile(RoutingContext ctx, String key, MediaFile media) {
        edges.onRequestLoop(ctx, () -> files.serve(ctx, key, media));
    }

    /** The storage key of part {sequence, index} beside the one asked for ({@code key}). */
    private static String partKey(String key, long[] part) {
        return key.substring(0, key.lastIndexOf('/') + 1) + LiveUris.part(part[0], (int) part[1]);
    }

    /** The delivery directives of the query; a repeated one is malformed too. */
    private static BlockingReload directives(MultiMap query) {
        return BlockingReload.parse(single(query, "_HLS_msn"), single(query, "_HLS_part"), single(query, "_HLS_skip"));
    }

    private static String single(MultiMap query, String name) {
        List<String> values = query.getAll(name);
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
