package org.millrace.recorder;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server answering {@code POST /internal/videos/import} as the contract says: the internal key
 * checked, 201 with the video the first time, 200 with the same video for a recording imported before. Can be told
 * to answer the first n imports of a stream with an error status.
 */
final class VodImportServer implements AutoCloseable {
    private final String apiKey;
    private final HttpServer server;
    /** Every accepted import body, in order (repeats included). */
    final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
    /** Every request that reached the server, accepted or not. */
    final AtomicInteger requests = new AtomicInteger();

    private final Map<String, JsonObject> videos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();

    VodImportServer(Vertx vertx, String apiKey) throws Exception {
        this.apiKey = apiKey;
        this.server = vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    void failFirst(String streamId, int times, int status) {
        failuresLeft.put(streamId, new AtomicInteger(times));
        failureStatus.put(streamId, status);
    }

    List<JsonObject> imports(String streamId) {
        return accepted.stream()
                .filter(b -> streamId.equals(b.getString("streamId")))
                .toList();
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        if (!"POST".equals(request.method().name()) || !"/internal/videos/import".equals(request.path())) {
            error(request, 404, "not_found", "no such route");
            return;
        }
        if (!apiKey.equals(request.getHeader("X-Internal-API-Key"))) {
            error(request, 401, "unauthorized", "a valid internal API key is required");
            return;
        }
        request.body().onSuccess(buffer -> {
            JsonObject body = buffer.toJsonObject();
            AtomicInteger left = failuresLeft.get(body.getString("streamId"));
            if (left != null && left.getAndDecrement() > 0) {
                error(request, failureStatus.get(body.getString("streamId")), "unavailable", "try later");
                return;
            }
            accepted.add(body);
            String recordingId = body.getString("recordingId");
            boolean first = !videos.containsKey(recordingId);
            JsonObject video = videos.computeIfAbsent(recordingId, id -> new JsonObject()
                    .put("id", "v-" + id)
                    .put("title", body.getString("title"))
                    .put("visibility", body.getString("visibility")));
            request.response()
                    .setStatusCode(first ? 201 : 200)
                    .putHeader("Content-Type", "application/json")
                    .end(video.encode());
        });
    }

    private static void error(HttpServerRequest request, int status, String code, String message) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put(
                                "error",
                                new JsonObject()
                                        .put("code", code)
                                        .put("message", message)
                                        .put("requestId", "test"))
                        .encode());
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
