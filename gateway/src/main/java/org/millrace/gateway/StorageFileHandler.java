package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.FileBody;
import org.millrace.core.storage.InvalidKeyException;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.RangeNotSatisfiableException;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one storage object over HTTP, the same way whatever the backend: GET and HEAD, ETag and Last-Modified with
 * their 304s, a single byte range (206, or 416 with {@code Content-Range: bytes *}{@code /size}), errors as the
 * contract's JSON. Storage calls run on worker threads, one hop per request (open and stat); a local file is then
 * sent from the event loop by {@code sendfile}, any other body (S3) streamed with back-pressure. A live file whose
 * name is never rewritten is read whole in that hop ({@link WholeFileReads}) and kept a few seconds
 * ({@link RecentLiveFiles}): the next viewers asking for it are answered from the event loop. One instance serves
 * both the {@code /live} and {@code /vod} routes.
 */
public final class StorageFileHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFileHandler.class);
    /** HTTP-date (RFC 9110 IMF-fixdate); RFC_1123_DATE_TIME would drop the leading zero of the day. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Vertx vertx;
    private final Storage storage;
    private final StorageOutages outages;
    private final WholeFileReads wholeReads;
    private final RecentLiveFiles recent;

    StorageFileHandler(
            Vertx vertx, Storage storage, StorageOutages outages, WholeFileReads wholeReads, RecentLiveFiles recent) {
        this.vertx = vertx;
        this.storage = storage;
        this.outages = outages;
        this.wholeReads = wholeReads;
        this.recent = recent;
    }

    /** Answers the request with the object at {@code key} (an already validated key), typed and cached as {@code media} says. */
    public void serve(RoutingContext ctx, String key, MediaFile media) {
        String range = ctx.request().getHeader("Range");
        if (ctx.request().method() == HttpMethod.HEAD || range != null) {
            // A range can only be resolved against the size, and HEAD needs nothing but the metadata.
            this.<Optional<ObjectInfo>>blocking(() -> storage.stat(key))
                    .onSuccess(info -> {
                        outages.succeeded();
                        if (info.isEmpty()) {
                            notFound(ctx);
                        } else {
                            serveKnown(ctx, key, media, info.get(), range);
                        }
                    })
                    .onFailure(failure -> fail(ctx, key, failure));
        } else {
            RecentLiveFiles.Kept kept = media.neverRewritten() ? recent.get(key) : null;
            if (kept != null) {
                answerKept(ctx, media, kept);
                return;
            }
            // The common case, a whole segment: one storage call, not a stat and a get.
            this.<Opened>blocking(() -> open(storage.get(key), media.neverRewritten()))
                    .onSuccess(opened -> {
                        outages.succeeded();
                        if (media.neverRewritten() && opened.whole() != null) {
                            StorageObject object = opened.object();
                            recent.put(key, opened.whole().body(), object.etag(), object.lastModified());
                        }
                        answer(ctx, media, opened);
                    })
                    .onFailure(failure -> fail(ctx, key, failure));
        }
    }

    /** Answers a whole object already opened: 304 when the client has this version, else the body streamed. */
    void answer(RoutingContext ctx, MediaFile media, StorageObject object) {
        answer(ctx, media, new Opened(object, null));
    }

    private void answer(RoutingContext ctx, MediaFile media, Opened opened) {
        StorageObject object = opened.object();
        if (notModified(ctx, object.etag(), object.lastModified())) {
            discard(opened);
            writeNotModified(ctx, media, object.etag(), object.lastModified());
        } else {
            send(ctx, media, opened);
        }
    }

    /** A whole file from memory: no storage call, no worker hop, the same answer storage would have given. */
    private void answerKept(RoutingContext ctx, MediaFile media, RecentLiveFiles.Kept kept) {
        if (notModified(ctx, kept.etag(), kept.lastModified())) {
            writeNotModified(ctx, media, kept.etag(), kept.lastModified());
            return;
        }
        HttpServerResponse response = ctx.response();
        headers(response, media, kept.etag(), kept.lastModified());
        response.putHeader(
                        HttpHeaders.CONTENT_LENGTH, Integer.toString(kept.body().length()))
                .end(kept.body());
    }

    /** On a worker: the object, opened; its body goes out by {@code sendfile} (a local file) or streamed (S3). */
    private Opened open(StorageObject object) {
        return new Opened(object, null);
    }

    /**
     * As {@link #open(StorageObject)}; {@code toKeep}: a live file to keep in memory ({@link RecentLiveFiles}) is read
     * whole from any backend, so its next viewers cost no storage call. Anything else is not read here: a copy into
     * memory per request cost more than the kernel's {@code sendfile} (a VOD segment: 0.36× nginx's req/s read whole,
     * 0.56–0.58× sent as a file; docs/benchmarks.md).
     */
    private Opened open(StorageObject object, boolean toKeep) {
        return new Opened(object, toKeep ? wholeReads.read(object, true) : null);
    }

    private void serveKnown(RoutingContext ctx, String key, MediaFile media, ObjectInfo info, String rangeHeader) {
        if (notModified(ctx, info.etag(), info.lastModified())) {
            writeNotModified(ctx, media, info.etag(), info.lastModified());
            return;
        }
        Optional<ByteRange> range;
        try {
            range = rangeApplies(ctx, info.etag())
                    ? ByteRange.fromHttpHeader(rangeHeader, info.size())
                    : Optional.empty();
        } catch (RangeNotSatisfiableException e) {
            rangeNotSatisfiable(ctx, info.size());
            return;
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            HttpServerResponse response = ctx.response();
            headers(response, media, info.etag(), info.lastModified());
            if (range.isPresent()) {
                response.setStatusCode(206)
                        .putHeader(HttpHeaders.CONTENT_RANGE, range.get().contentRange(info.size()))
                        .putHeader(
                                HttpHeaders.CONTENT_LENGTH,
                                Long.toString(range.get().length()));
            } else {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(info.size()));
            }
            response.end();
            return;
        }
        this.<Opened>blocking(() -> open(range.isPresent() ? storage.get(key, range.get()) : storage.get(key)))
                .onSuccess(opened -> send(ctx, media, opened))
                .onFailure(failure -> fail(ctx, key, failure));
    }

    private void send(RoutingContext ctx, MediaFile media, Opened opened) {
        StorageObject object = opened.object();
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            discard(opened);
            return;
        }
        headers(response, media, object.etag(), object.lastModified());
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(object.contentLength()));
        if (object.partial() && object.contentLength() > 0) {
            response.setStatusCode(206)
                    .putHeader(HttpHeaders.CONTENT_RANGE, object.range().get().contentRange(object.totalSize()));
        }
        if (opened.whole() != null) {
            // Completes once the socket took the bytes, or the connection is gone: either way they are no longer read.
            response.end(opened.whole().body())
                    .onComplete(written -> opened.whole().release());
            return;
        }
        Optional<FileBody> file = object.file();
        if (file.isPresent()) {
            sendFile(ctx, object, file.get());
            return;
        }
        BodyPump pump = new BodyPump(vertx, object.body(), response);
        // Fires when the response ends or the connection drops; a drop must stop a pump waiting for a drain.
        ctx.addEndHandler(ended -> pump.abandon());
        pump.start().onComplete(pumped -> {
            close(object);
            if (pumped.failed() && !response.closed()) {
                LOG.warn(
                        "request {}: streaming {} bytes failed: {}",
                        RequestIds.of(ctx),
                        object.contentLength(),
                        pumped.cause().toString());
                response.reset(); // the headers are out: cutting the connection is the only honest signal left
            }
        });
    }

    /**
     * A local file goes out from the event loop with no worker hop per chunk: the kernel copies it to the socket
     * ({@code sendfile}; the gateway's connections have neither TLS nor a compressor that would need to see the
     * bytes). The open channel is closed once it is sent.
     */
    private void sendFile(RoutingContext ctx, StorageObject object, FileBody file) {
        HttpServerResponse response = ctx.response();
        response.sendFile(file.channel(), file.offset(), file.length()).onComplete(sent -> {
            close(object);
            if (sent.failed() && !response.closed()) {
                LOG.warn(
                        "request {}: sending {} bytes of a file failed: {}",
                        RequestIds.of(ctx),
                        file.length(),
                        sent.cause().toString());
                response.reset(); // the headers may be out: cutting the connection is the only honest signal left
            }
        });
    }

    static void headers(HttpServerResponse response, MediaFile media, String etag, Instant lastModified) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, media.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, media.cacheControl())
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        validators(response, etag, lastModified);
    }

    private static void validators(HttpServerResponse response, String etag, Instant lastModified) {
        if (etag != null && !etag.isEmpty()) {
            response.putHeader(HttpHeaders.ETAG, quoted(etag));
        }
        if (lastModified != null) {
            response.putHeader(HttpHeaders.LAST_MODIFIED, httpDate(lastModified));
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    static void writeNotModified(RoutingContext ctx, MediaFile media, String etag, Instant lastModified) {
        HttpServerResponse response =
                ctx.response().setStatusCode(304).putHeader(HttpHeaders.CACHE_CONTROL, media.cacheControl());
        validators(response, etag, lastModified);
        response.end();
    }

    /** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison, as for GET. */
    static boolean notModified(RoutingContext ctx, String etag, Instant lastModified) {
        String noneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (noneMatch != null) {
            if (etag == null) {
                return false;
            }
            for (String candidate : noneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*")
                        || unquoted(tag.startsWith("W/") ? tag.substring(2) : tag)
                                .equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (since == null || lastModified == null) {
            return false;
        }
        try {
            Instant threshold = ZonedDateTime.parse(since.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return lastModified.getEpochSecond() <= threshold.getEpochSecond();
        } catch (DateTimeParseException malformed) {
            return false; // RFC 9110: an invalid date is ignored
        }
    }

    /** If-Range with another version's tag means "send it all": a stale range would splice two versions. */
    private static boolean rangeApplies(RoutingContext ctx, String etag) {
        String ifRange = ctx.request().getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        String tag = ifRange.trim();
        return etag != null && !tag.startsWith("W/") && unquoted(tag).equals(etag);
    }

    private static void rangeNotSatisfiable(RoutingContext ctx, long size) {
        if (size >= 0) {
            ctx.response().putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        }
        ApiErrors.send(ctx, 416, "range_not_satisfiable", "the requested range is outside the object");
    }

    private static void notFound(RoutingContext ctx) {
        ApiErrors.send(ctx, 404, "not_found", "no such file");
    }

    /** Answers a failed storage call: 404, 416, 503 or 500, in the contract's JSON; a 503 is counted, not logged. */
    void fail(RoutingContext ctx, String key, Throwable failure) {
        if (failure instanceof StorageNotFoundException || failure instanceof InvalidKeyException) {
            // A key the storage refuses names nothing that can exist: the same answer as a missing file.
            notFound(ctx);
        } else if (failure instanceof RangeNotSatisfiableException) {
            // The object shrank between stat and get (a rewritten playlist).
            rangeNotSatisfiable(ctx, ((RangeNotSatisfiableException) failure).totalSize());
        } else if (failure instanceof StorageException) {
            outages.failed(key, failure);
            ApiErrors.send(ctx, 503, "storage_unavailable", "the media storage is not available");
        } else {
            LOG.error("request {}: serving {} failed", RequestIds.of(ctx), key, failure);
            ApiErrors.send(ctx, 500, "internal_error", "something went wrong on our side");
        }
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> call) {
        // Unordered: ordered blocking calls of one context run one at a time, i.e. one viewer at a time.
        return vertx.executeBlocking(call, false);
    }

    /** Lets go of what an unsent answer holds: the bytes read, or the open body. */
    private void discard(Opened opened) {
        if (opened.whole() != null) {
            opened.whole().release();
        } else {
            close(opened.object());
        }
    }

    /** An object opened on a worker, with its whole body when it was read ({@link WholeFileReads}), else null. */
    private record Opened(StorageObject object, WholeFileReads.Held whole) {}

    private void close(StorageObject object) {
        if (object.file().isPresent()) {
            try {
                object.close(); // a local file descriptor: nothing to wait for
            } catch (RuntimeException e) {
                LOG.debug("closing a file failed: {}", e.toString());
            }
            return;
        }
        // Closing an S3 body may talk to the network: not on the event loop.
        vertx.executeBlocking(
                        () -> {
                            object.close();
                            return null;
                        },
                        false)
                .onFailure(e -> LOG.debug("closing a storage body failed: {}", e.toString()));
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    private static String unquoted(String tag) {
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                ? tag.substring(1, tag.length() - 1)
                : tag;
    }
}
