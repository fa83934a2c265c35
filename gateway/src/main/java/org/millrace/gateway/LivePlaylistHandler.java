package org.millrace.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import org.millrace.core.storage.InvalidKeyException;
import org.millrace.core.storage.RangeNotSatisfiableException;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;

/**
 * Serves a live session's media playlists, keeping the last good copy of each: while storage is down a GET is
 * answered with that copy (200, {@code Cache-Control: no-cache}, {@value #STALE_HEADER}) instead of a 503, so
 * players keep reloading and resume when the playlist moves again. HEAD, ranges and playlists too large to keep
 * go the plain {@link StorageFileHandler} way.
 */
final class LivePlaylistHandler {
    static final String STALE_HEADER = "Millrace-Stale";
    static final String STALE_VALUE = "storage-unavailable";
    /** A 2 h DVR window lists ~3600 segments (~400 KB); past this a playlist is streamed and not kept. */
    static final int MAX_KEPT_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final Storage storage;
    private final StorageFileHandler files;
    private final LastGoodPlaylists lastGood;
    private final StorageOutages outages;

    LivePlaylistHandler(
            Vertx vertx,
            Storage storage,
            StorageFileHandler files,
            LastGoodPlaylists lastGood,
            StorageOutages outages) {
        this.vertx = vertx;
        this.storage = storage;
        this.files = files;
        this.lastGood = lastGood;
        this.outages = outages;
    }

    void serve(RoutingContext ctx, String key, MediaFile media) {
        if (ctx.request().method() == HttpMethod.HEAD || ctx.request().getHeader("Range") != null) {
            files.serve(ctx, key, media);
            return;
        }
        boolean gzip = AcceptEncoding.gzip(ctx);
        vertx.executeBlocking(() -> read(key, gzip), false)
                .onSuccess(read -> {
                    outages.succeeded();
                    if (read.streamed() != null) {
                        files.answer(ctx, media, read.streamed());
                        return;
                    }
                    lastGood.put(key, media.contentType(), read.body());
                    if (StorageFileHandler.notModified(ctx, read.etag(), read.lastModified())) {
                        StorageFileHandler.writeNotModified(ctx, media, read.etag(), read.lastModified());
                    } else {
                        StorageFileHandler.headers(ctx.response(), media, read.etag(), read.lastModified());
                        AcceptEncoding.end(ctx.response(), read.body(), read.gzip());
                    }
                })
                .onFailure(failure -> {
                    if (!answerStale(ctx, key, failure, lastGood, outages)) {
                        files.fail(ctx, key, failure);
                    }
                });
    }

    /**
     * Answers the last good copy of {@code key} when {@code failure} is storage being down (not a missing file) and a
     * copy is kept; false when the caller must answer the failure itself.
     */
    static boolean answerStale(
            RoutingContext ctx, String key, Throwable failure, LastGoodPlaylists lastGood, StorageOutages outages) {
        if (!isOutage(failure)) {
            return false;
        }
        var copy = lastGood.get(key);
        if (copy.isEmpty()) {
            return false;
        }
        outages.failed(key, failure);
        outages.answeredStale();
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, copy.get().contentType())
                // It will change the moment storage is back: nobody may keep this one.
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(STALE_HEADER, STALE_VALUE)
                // Not compressed: that would be per response, on the event loop, for every viewer of the outage.
                .end(Buffer.buffer(copy.get().body()));
        return true;
    }

    static boolean isOutage(Throwable failure) {
        return failure instanceof StorageException
                && !(failure instanceof StorageNotFoundException)
                && !(failure instanceof InvalidKeyException)
                && !(failure instanceof RangeNotSatisfiableException);
    }

    /** Worker: the playlist, and its gzip when the client asked for it. */
    private Read read(String key, boolean gzip) {
        StorageObject object = storage.get(key);
        // Unknown length (a chunked S3 answer): streamed as before rather than read blind and maybe cut.
        if (object.contentLength() < 0 || object.contentLength() > MAX_KEPT_BYTES) {
            return new Read(null, null, object.etag(), object.lastModified(), object);
        }
        try (object) {
            byte[] body = object.body().readNBytes((int) object.contentLength());
            return new Read(
                    body, gzip ? AcceptEncoding.compress(body) : null, object.etag(), object.lastModified(), null);
        } catch (IOException e) {
            throw new StorageException("cannot read " + key, e);
        }
    }

    /**
     * A playlist read whole ({@code body}, {@code gzip} when asked) or, too large or of unknown size, left open to
     * stream ({@code streamed}).
     */
    private record Read(byte[] body, byte[] gzip, String etag, Instant lastModified, StorageObject streamed) {}
}
