package org.millrace.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.VideoPlayback;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.PlaylistTokenRewriter;

/**
 * Recorded videos from storage (the all-in-one server; in production nginx may serve them, asking the gateway
 * first for private ones): {@code /vod/<videoId>/<path>} for the paths {@link VodFile} allows, found through the
 * vod service's playback answer. A private video needs a valid {@code ?token=} on every path, and is otherwise
 * exactly as missing as a video that does not exist; its playlists are rewritten so each URI carries the token.
 */
final class VodRoutes {
    static final String ROUTE = "/vod/:videoId/*";
    private static final String PREFIX = "/vod/";
    /** A two-hour recording's media playlist is a few hundred kilobytes; anything this big is not one. */
    private static final int MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final Storage storage;
    private final VideoPlaybacks videos;
    private final PlaybackTokens tokens;
    private final StorageFileHandler files;

    VodRoutes(Vertx vertx, Storage storage, VideoPlaybacks videos, PlaybackTokens tokens, StorageFileHandler files) {
        this.vertx = vertx;
        this.storage = storage;
        this.videos = videos;
        this.tokens = tokens;
        this.files = files;
    }

    void register(Router router) {
        // Matched on the normalized path (dot segments already resolved); the handler re-checks every segment.
        router.routeWithRegex("/vod/[^/]+/.+")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(ctx -> {
                    HttpServerMetrics.tagRoute(ctx, ROUTE);
                    serve(ctx);
                });
    }

    private void serve(RoutingContext ctx) {
        // The normalized path, not decoded parameters: an encoded '/' or '.' stays encoded and the check refuses '%'.
        String[] parts = ctx.normalizedPath().substring(PREFIX.length()).split("/", 2);
        if (parts.length < 2 || !LiveMediaFiles.isId(parts[0])) {
            noSuchVideo(ctx);
            return;
        }
        String videoId = parts[0];
        String path = parts[1];
        if (!LiveMediaFiles.isSafePath(path)) {
            ApiErrors.send(ctx, 400, "invalid_path", "the path has characters or segments a media file never has");
            return;
        }
        Optional<VodFile> file = VodFile.of(path);
        if (file.isEmpty()) {
            ApiErrors.send(ctx, 404, "not_found", "no such file");
            return;
        }
        String token = token(ctx);
        videos.lookup(videoId, file.get().kind().isPlaylist(), RequestIds.of(ctx), ClientAddress.of(ctx))
                .onSuccess(video -> serve(ctx, video, file.get(), token))
                .onFailure(failure -> {
                    ServiceException error = ServiceException.fromReply(failure);
                    if (error.status() == 404) {
                        noSuchVideo(ctx);
                    } else {
                        ApiErrors.send(ctx, error);
                    }
                });
    }

    private void serve(RoutingContext ctx, VideoPlayback video, VodFile file, String token) {
        boolean tokenRequired = video.needsToken();
        if (tokenRequired && !tokens.verify(video.videoId(), token)) {
            noSuchVideo(ctx); // a stranger learns nothing: the very answer of a video that does not exist
            return;
        }
        Optional<String> key = file.key(video);
        if (key.isEmpty()) {
            ApiErrors.send(ctx, 404, "not_found", "no such file");
            return;
        }
        MediaFile media = file.media(tokenRequired, tokenRequired ? tokens.secondsLeft(token) : 0);
        if (tokenRequired && file.kind().isPlaylist()) {
            signedPlaylist(ctx, key.get(), media, token);
        } else if (file.kind().isPlaylist()
                && ctx.request().method() == HttpMethod.GET
                && ctx.request().getHeader("Range") == null
                && AcceptEncoding.gzip(ctx)) {
            gzipPlaylist(ctx, key.get(), media);
        } else {
            files.serve(ctx, key.get(), media);
        }
    }

    /** A private video's playlist with the caller's token carried into every URI it lists; gzip when asked. */
    private void signedPlaylist(RoutingContext ctx, String key, MediaFile media, String token) {
        boolean gzip = AcceptEncoding.gzip(ctx);
        vertx.executeBlocking(
                        () -> {
                            byte[] body = PlaylistTokenRewriter.rewrite(
                                            new String(readPlaylist(key).body(), StandardCharsets.UTF_8),
                                            PlaybackTokens.QUERY_PARAM,
                                            token)
                                    .getBytes(StandardCharsets.UTF_8);
                            return new byte[][] {body, gzip ? AcceptEncoding.compress(body) : null};
                        },
                        false)
                .onSuccess(playlist -> {
                    ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, media.contentType())
                            .putHeader(HttpHeaders.CACHE_CONTROL, media.cacheControl());
                    AcceptEncoding.end(ctx.response(), playlist[0], playlist[1]);
                })
                .onFailure(failure -> files.fail(ctx, key, failure));
    }

    /** A public video's playlist to a client that accepts gzip: read whole and compressed on a worker. */
    private void gzipPlaylist(RoutingContext ctx, String key, MediaFile media) {
        vertx.executeBlocking(
                        () -> {
                            Stored read = readPlaylist(key);
                            return new Stored(
                                    read.body(),
                                    AcceptEncoding.compress(read.body()),
                                    read.etag(),
                                    read.lastModified());
                        },
                        false)
                .onSuccess(read -> {
                    if (StorageFileHandler.notModified(ctx, read.etag(), read.lastModified())) {
                        StorageFileHandler.writeNotModified(ctx, media, read.etag(), read.lastModified());
                        return;
                    }
                    StorageFileHandler.headers(ctx.response(), media, read.etag(), read.lastModified());
                    AcceptEncoding.end(ctx.response(), read.body(), read.gzip());
                })
                .onFailure(failure -> files.fail(ctx, key, failure));
    }

    private Stored readPlaylist(String key) {
        try (StorageObject object = storage.get(key)) {
            byte[] bytes = object.body().readNBytes(MAX_PLAYLIST_BYTES + 1);
            if (bytes.length > MAX_PLAYLIST_BYTES) {
                throw new StorageException("playlist " + key + " is larger than " + MAX_PLAYLIST_BYTES + " bytes");
            }
            return new Stored(bytes, null, object.etag(), object.lastModified());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A playlist read from storage, with its gzip when made. */
    private record Stored(byte[] body, byte[] gzip, String etag, java.time.Instant lastModified) {}

    /** The {@code token} query parameter, or null when there is none or the query is not validly encoded. */
    private static String token(RoutingContext ctx) {
        try {
            return ctx.queryParams().get(PlaybackTokens.QUERY_PARAM);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static void noSuchVideo(RoutingContext ctx) {
        ApiErrors.send(ctx, 404, "not_found", "no such video");
    }
}
