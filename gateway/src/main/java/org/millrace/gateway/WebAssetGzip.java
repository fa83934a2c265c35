package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The web app's text files (its index page, scripts, styles) gzipped for clients that accept it, each compressed once
 * on a worker and kept for the life of the process: the web root is the packaged app and does not change under a
 * running server. What it does not answer (a client without gzip, a range, a file not worth compressing, a name it
 * does not know) goes on to the static handler as it is. Bounded: at most {@link #MAX_FILES} names and
 * {@link #MAX_HELD_BYTES} of gzip held; past that, files go uncompressed.
 */
final class WebAssetGzip implements Handler<RoutingContext> {
    static final int MAX_FILES = 512;
    static final long MAX_HELD_BYTES = 32L * 1024 * 1024;
    /** A larger file is not the app's (its largest script is a few hundred KiB) and is not held. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Vertx vertx;
    private final String webRoot;
    private final Map<String, Future<Asset>> assets = new ConcurrentHashMap<>();
    private final AtomicLong heldBytes = new AtomicLong();

    /** @param webRoot the directory, on the classpath or relative to the working directory, the static handler serves */
    WebAssetGzip(Vertx vertx, String webRoot) {
        this.vertx = vertx;
        this.webRoot = webRoot.endsWith("/") ? webRoot.substring(0, webRoot.length() - 1) : webRoot;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath().equals("/") ? "/index.html" : ctx.normalizedPath();
        String type = contentType(path);
        if (type == null || !plainName(path)) {
            ctx.next();
            return;
        }
        // Whichever answer goes out, it is one of two encodings of this name.
        ctx.response().putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (ctx.request().getHeader("Range") != null || !AcceptEncoding.gzip(ctx)) {
            ctx.next();
            return;
        }
        Future<Asset> asset = assets.get(path);
        if (asset == null) {
            if (assets.size() >= MAX_FILES) {
                ctx.next();
                return;
            }
            asset = assets.computeIfAbsent(path, name -> load(name, type));
        }
        Future<Asset> loading = asset;
        loading.onComplete(loaded -> {
            if (loaded.failed()) {
                // Not a file (a missing name, a directory): nothing is kept, so made-up names cannot fill the map.
                assets.remove(path, loading);
                ctx.next();
            } else if (loaded.result().gzip() == null) {
                ctx.next();
            } else {
                answer(ctx, loaded.result());
            }
        });
    }

    private Future<Asset> load(String path, String type) {
        return vertx.executeBlocking(
                () -> {
                    FileSystem files = vertx.fileSystem();
                    String file = webRoot + path;
                    FileProps props = files.propsBlocking(file);
                    if (!props.isRegularFile()) {
                        throw new IllegalArgumentException("not a file: " + path);
                    }
                    Instant modified = Instant.ofEpochMilli(props.lastModifiedTime());
                    if (props.size() > MAX_FILE_BYTES) {
                        return Asset.identityOnly(modified);
                    }
                    byte[] identity = files.readFileBlocking(file).getBytes();
                    byte[] gzip = AcceptEncoding.compress(identity);
                    // Not worth it, or past the budget: the file goes as it is, for good (the name stays counted).
                    if (identity.length < GzipAnswers.MIN_BYTES
                            || gzip.length > identity.length * 9L / 10
                            || heldBytes.addAndGet(gzip.length) > MAX_HELD_BYTES) {
                        return Asset.identityOnly(modified);
                    }
                    return new Asset(Buffer.buffer(gzip), type, etag(identity), modified);
                },
                false);
    }

    private static void answer(RoutingContext ctx, Asset asset) {
        HttpServerResponse response = ctx.response();
        response.putHeader(HttpHeaders.ETAG, "W/\"" + asset.etag() + "\"")
                .putHeader(HttpHeaders.LAST_MODIFIED, StorageFileHandler.httpDate(asset.lastModified()));
        if (StorageFileHandler.notModified(ctx, asset.etag(), asset.lastModified())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                .putHeader(HttpHeaders.CONTENT_ENCODING, "gzip")
                .putHeader(
                        HttpHeaders.CONTENT_LENGTH,
                        Integer.toString(asset.gzip().length()));
        if (ctx.request().method().name().equals("HEAD")) {
            response.end();
        } else {
            response.end(asset.gzip());
        }
    }

    /** The type of a file worth compressing, by its extension; null for any other (images, fonts: already packed). */
    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return null;
        }
        return switch (path.substring(dot + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json", "map" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "txt" -> "text/plain; charset=utf-8";
            case "xml" -> "application/xml";
            default -> null;
        };
    }

    /** Letters, digits, {@code . _ - /}, no empty or dot-leading segment: nothing a file-system lookup could misread. */
    static boolean plainName(String path) {
        if (path.length() > 256 || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        char previous = '/';
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '/';
            if (!plain || (previous == '/' && (c == '/' || c == '.'))) {
                return false;
            }
            previous = c;
        }
        return previous != '/';
    }

    private static String etag(byte[] identity) {
        CRC32 crc = new CRC32();
        crc.update(identity);
        return "gz-" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(identity.length);
    }

    /** One file's gzip, or {@code gzip == null} for a file that goes as it is. */
    private record Asset(Buffer gzip, String contentType, String etag, Instant lastModified) {
        static Asset identityOnly(Instant lastModified) {
            return new Asset(null, null, null, lastModified);
        }
    }
}
