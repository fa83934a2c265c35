package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One LL-HLS render of a rendition's playlist, full or delta, as sent: the text's bytes and, made once on a worker
 * the first time a client asks for gzip, its gzip bytes. Used on the gateway's event loop.
 *
 * @param version the playlist's version it shows
 */
final class RenderedPlaylist {
    final long version;
    final boolean skip;
    final byte[] body;
    private Future<byte[]> gzip;

    RenderedPlaylist(long version, boolean skip, byte[] body) {
        this.version = version;
        this.skip = skip;
        this.body = body;
    }

    Future<byte[]> gzip(Vertx vertx) {
        if (gzip == null || gzip.failed()) {
            gzip = vertx.executeBlocking(() -> AcceptEncoding.compress(body), false);
        }
        return gzip;
    }
}
