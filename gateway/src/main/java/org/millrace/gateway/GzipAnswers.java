package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends answers whose bodies compress well (API JSON, the metrics text) gzipped when the client accepts it. The
 * gateway's connections have no compressor in their pipelines: every media answer would pass through one for nothing,
 * and it keeps local files from {@code sendfile}. So the answers worth compressing say so themselves: playlists
 * ({@link AcceptEncoding#end}), the web app's files ({@link WebAssetGzip}) and these.
 */
final class GzipAnswers {
    /** Below this, gzip saves a few hundred bytes at most and costs its header and a pass over the bytes. */
    static final int MIN_BYTES = 512;
    /** Above this, compressing takes long enough (about a millisecond) to belong on a worker, not the event loop. */
    static final int ON_LOOP_MAX_BYTES = 32 * 1024;

    private GzipAnswers() {}

    /** Ends the response (status and type already set) with {@code body}, gzipped when it is worth it and accepted. */
    static Future<Void> end(RoutingContext ctx, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (body.length() < MIN_BYTES) {
            return response.end(body);
        }
        response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (!AcceptEncoding.gzip(ctx)) {
            return response.end(body);
        }
        if (body.length() <= ON_LOOP_MAX_BYTES) {
            return gzipped(response, AcceptEncoding.compress(body.getBytes()));
        }
        return ctx.vertx()
                .executeBlocking(() -> AcceptEncoding.compress(body.getBytes()), false)
                .compose(gzip -> response.closed() ? Future.succeededFuture() : gzipped(response, gzip));
    }

    private static Future<Void> gzipped(HttpServerResponse response, byte[] gzip) {
        return response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(Buffer.buffer(gzip));
    }
}
