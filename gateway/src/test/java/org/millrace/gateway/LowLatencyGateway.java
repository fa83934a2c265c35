package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.health.NodeStatus;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.Storage;

/**
 * A real gateway on loopback serving live HLS from local storage under {@code data}, with the streams service's
 * {@code STREAMS_GET} answered as the service does ({@code status}, {@code sessionId}) for the streams made live
 * here, and {@link LiveRenditionWriter}s publishing on the same real event bus. For the LL-HLS tests and the
 * playlist-bytes benchmark.
 */
final class LowLatencyGateway implements AutoCloseable {
    final MetricsRegistry metrics = new MetricsRegistry();
    final Vertx vertx = VertxFactory.create(metrics.registry());
    final Path storageRoot;
    final Storage storage;
    final WebClient client;
    final int port;
    final LiveEdgeSettings settings;
    private final Map<String, String> live = new ConcurrentHashMap<>();

    LowLatencyGateway(Path data, LiveEdgeSettings settings) throws Exception {
        this.settings = settings;
        // Three loops whatever the machine: requests of one viewer land on different loops, and the edges live on one.
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_HTTP_EVENT_LOOPS",
                        "3"))
                .load();
        storageRoot = data.resolve("storage");
        storage = new LocalStorage(storageRoot);
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.STREAMS_GET, request -> {
            String session = live.get(request.pathParam("id"));
            if (session == null) {
                throw ServiceException.notFound("no such stream");
            }
            return Future.succeededFuture(ServiceResponse.ok(new JsonObject()
                    .put("id", request.pathParam("id"))
                    .put("status", "live")
                    .put("sessionId", session)));
        });
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                List.of(),
                List.of(),
                metrics,
                "webroot",
                storage,
                new NodeStatus(config.services(), new LocalMembership()),
                settings);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
        client = WebClient.create(vertx);
    }

    /** A rendition of the live stream {@code streamId} (its session made up once), written as the transcoder does. */
    LiveRenditionWriter writer(String streamId, String rendition) {
        String session = live.computeIfAbsent(streamId, id -> "Session-" + id);
        return new LiveRenditionWriter(
                storage,
                vertx.eventBus(),
                streamId,
                session,
                rendition,
                settings.segmentTarget(),
                settings.lowLatency());
    }

    String path(String streamId, String file) {
        return "/live/" + streamId + "/" + live.get(streamId) + "/" + file;
    }

    Future<HttpResponse<Buffer>> send(String path, String acceptEncoding) {
        var request = client.get(port, "127.0.0.1", path);
        if (acceptEncoding != null) {
            request.putHeader("Accept-Encoding", acceptEncoding);
        }
        return request.send();
    }

    HttpResponse<Buffer> get(String path) throws Exception {
        return send(path, null).await(15, TimeUnit.SECONDS);
    }

    /**
     * Asks until the playlist lists {@code uri} as a segment or a part (a preload hint does not count): the update
     * carrying it was heard and merged.
     */
    void awaitListed(String streamId, String rendition, String uri, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<Buffer> response = get(path(streamId, rendition + "/index.m3u8"));
            last = response.bodyAsString();
            if (response.statusCode() == 200
                    && (last.contains("\n" + uri + "\n")
                            || Pattern.compile(
                                            "^#EXT-X-PART:[^\n]*URI=\"" + Pattern.quote(uri) + "\"", Pattern.MULTILINE)
                                    .matcher(last)
                                    .find())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(uri + " never listed; last playlist:\n" + last);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        metrics.close();
    }
}
