package org.millrace.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip for playlists: whether the client accepts it ({@code Accept-Encoding}, RFC 9110 12.5.3, {@code q=0} refuses),
 * and the compression itself, done once on a worker and cached by the caller rather than per response on the event
 * loop.
 */
final class AcceptEncoding {
    private AcceptEncoding() {}

    static boolean gzip(RoutingContext ctx) {
        return accepts(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    }

    /** Whether an {@code Accept-Encoding} value accepts gzip. */
    static boolean accepts(String header) {
        if (header == null) {
            return false;
        }
        for (String item : header.split(",")) {
            String[] params = item.split(";");
            String coding = params[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                return !refused(params);
            }
        }
        return false;
    }

    private static boolean refused(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Ends a playlist response whose other headers are set: the gzip bytes when there are some (the client asked), else
     * the text as is. Either way caches are told the answer varies with Accept-Encoding. A gzip answer's ETag is made
     * weak, as nginx does: the bytes differ from the identity answer's, the content does not (a weak If-None-Match
     * still matches).
     */
    static void end(HttpServerResponse response, byte[] identity, byte[] gzip) {
        response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (gzip == null) {
            response.end(Buffer.buffer(identity));
            return;
        }
        String etag = response.headers().get(HttpHeaders.ETAG);
        if (etag != null && !etag.startsWith("W/")) {
            response.putHeader(HttpHeaders.ETAG, "W/" + etag);
        }
        response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(Buffer.buffer(gzip));
    }

    /** Gzip of {@code body}: blocking work, for a worker thread. */
    static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 6));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
