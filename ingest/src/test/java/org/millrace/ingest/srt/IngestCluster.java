package org.millrace.ingest.srt;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.millrace.core.testing.TestCluster;
import org.millrace.gateway.testing.ServiceStack;
import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Several SRT ingest nodes in one test JVM: one real embedded PostgreSQL, one streams service and gateway on their
 * own Vert.x instance, and per node its own Vert.x instance (all on one clustered event bus, {@link ClusteredVertx})
 * with an SRT ingest on its own UDP port and its own real transcoder, all writing into one shared storage. What a
 * node's death does to the others is told through a {@link TestCluster} (the membership the services read), and the
 * node itself dies unannounced ({@link Node#kill}); the real SIGKILL across JVMs is the journey test's.
 */
final class IngestCluster implements AutoCloseable {
    static final String PUBLIC_HOST = "live.example.com";
    static final int ADVERTISED_SRT_PORT = 9001;

    /** One ingest node: its id, its SRT ingest, and its hold on the shared storage. */
    record Node(String id, Vertx vertx, SrtIngestVerticle ingest, KillableStorage storage) {
        int port() {
            return ingest.localAddress().getPort();
        }

        /** Dies as a SIGKILLed process: nothing more written, its socket closed without a word to its callers. */
        void kill() throws Exception {
            storage.kill();
            ingest.halt().await(10, TimeUnit.SECONDS);
        }
    }

    final Vertx vertx;
    final WebClient client;
    final TestCluster cluster = new TestCluster();
    final LocalStorage storage;
    final List<Node> nodes = new ArrayList<>();
    private final List<Vertx> nodeInstances = new ArrayList<>();
    private final MetricsRegistry metrics;
    private final ServiceStack stack;
    private final Path dir;
    private final int capacity;
    private final ClusteredVertx instances;

    private IngestCluster(Path dir, Duration grace, int nodes, int capacity) throws Exception {
        this.dir = dir;
        this.capacity = capacity;
        this.instances = ClusteredVertx.forMembers(nodes + 2); // the services, the nodes, one node added later
        stack = ServiceStack.in(dir)
                .migrations("streams")
                .env(Map.of(
                        "MILLRACE_PUBLIC_URL",
                        "https://" + PUBLIC_HOST,
                        "MILLRACE_SRT_PORT",
                        String.valueOf(ADVERTISED_SRT_PORT)))
                .vertx(instances::start)
                .start();
        storage = new LocalStorage(dir.resolve("storage"));
        metrics = stack.metrics;
        vertx = stack.vertx;
        stack.deploy(new StreamsVerticle(
                stack.config,
                stack.db.settings(4),
                StreamsSettings.defaults().withReconnectGrace(grace),
                cluster.join("streams")));
        stack.startGateway(storage);
        client = stack.client();
    }

    /** Starts the shared services and {@code nodes} ingest nodes, each admitting {@code capacity} publishers. */
    static IngestCluster start(Path dir, Duration grace, int nodes, int capacity) throws Exception {
        IngestCluster cluster = new IngestCluster(dir, grace, nodes, capacity);
        try {
            for (int i = 0; i < nodes; i++) {
                cluster.addNode();
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more ingest node on an ephemeral port; it announces its start to the streams service. */
    Node addNode() throws Exception {
        String id = "node-" + (char) ('a' + nodes.size());
        KillableStorage storage = new KillableStorage(this.storage);
        TranscoderLiveInput transcoder = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(Files.createDirectories(dir.resolve("work-" + id))),
                storage,
                metrics.registry());
        SrtIngestVerticle ingest = new SrtIngestVerticle(
                IngestSettings.on("127.0.0.1", 0).withCapacity(capacity),
                transcoder,
                metrics.registry(),
                cluster.join(id));
        Vertx own = instances.start(metrics.registry());
        nodeInstances.add(own);
        own.deployVerticle(ingest).await(30, TimeUnit.SECONDS);
        Node node = new Node(id, own, ingest, storage);
        nodes.add(node);
        return node;
    }

    /** The srtUrl a create answer shows, pointed at {@code port} on loopback. */
    static String at(String srtUrl, int port) {
        String advertised = "srt://" + PUBLIC_HOST + ":" + ADVERTISED_SRT_PORT + "?";
        if (!srtUrl.startsWith(advertised)) {
            throw new AssertionError("unexpected srtUrl shape");
        }
        return "srt://127.0.0.1:" + port + "?" + srtUrl.substring(advertised.length());
    }

    String token(String userId, String username) {
        return stack.token(userId, username);
    }

    HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
        return org.millrace.core.testing.ApiCalls.call(client, method, path, token, body);
    }

    JsonObject create(String token, JsonObject body) throws Exception {
        return org.millrace.core.testing.ApiCalls.createStream(client, token, body);
    }

    String status(String id) throws Exception {
        return org.millrace.core.testing.ApiCalls.status(client, id);
    }

    JsonObject stats(String id, String token) throws Exception {
        return org.millrace.core.testing.ApiCalls.stats(client, id, token);
    }

    void awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        org.millrace.core.testing.ApiCalls.awaitStatus(client, id, wanted, timeout);
    }

    /** A stored object's text, or null when there is none. */
    String text(String key) {
        try (StorageObject o = storage.get(key)) {
            return new String(o.readAllBytes(), StandardCharsets.UTF_8);
        } catch (StorageNotFoundException e) {
            return null;
        }
    }

    /** An internal bus operation as an SRT ingest calls it; a failed reply becomes a ServiceException. */
    JsonObject bus(String address, JsonObject body) throws Exception {
        return stack.bus(address, body);
    }

    @Override
    public void close() throws Exception {
        for (Vertx node : nodeInstances) {
            node.close().await(ServiceStack.CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
        }
        stack.close();
    }
}
