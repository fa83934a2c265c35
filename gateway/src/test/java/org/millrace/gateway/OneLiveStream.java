package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceResponse;

/**
 * The streams service as the gateway's /live routes ask it ({@code STREAMS_GET}), for one stream whose status a test
 * sets; and the head of a raw HTTP answer, for tests that talk to the gateway over a plain socket.
 */
final class OneLiveStream {
    private OneLiveStream() {}

    /** Answers for {@code streamId} with the status {@code status} gives at each request (live: on {@code sessionId}). */
    static void answer(Vertx vertx, String streamId, String sessionId, Supplier<String> status) {
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.STREAMS_GET, request -> {
            String now = status.get();
            return Future.succeededFuture(ServiceResponse.ok(new JsonObject()
                    .put("id", streamId)
                    .put("status", now)
                    .put("sessionId", "live".equals(now) ? sessionId : null)
                    .put("playbackUrl", "/live/" + streamId + "/master.m3u8")));
        });
    }

    static void live(Vertx vertx, String streamId, String sessionId) {
        answer(vertx, streamId, sessionId, () -> "live");
    }

    /** Reads an HTTP answer's status line and headers, up to the blank line. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
