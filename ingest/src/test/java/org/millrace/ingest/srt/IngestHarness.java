package org.millrace.ingest.srt;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.security.Principal;
import org.millrace.gateway.testing.ServiceStack;
import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;

/**
 * Everything a publisher meets: embedded PostgreSQL, the real streams service and gateway, and the SRT ingest on an
 * ephemeral UDP port feeding a {@link RecordingLiveInput}.
 */
final class IngestHarness implements AutoCloseable {
    static final String PUBLIC_HOST = "live.example.com";
    static final int ADVERTISED_SRT_PORT = 9001;

    final Vertx vertx;
    final WebClient client;
    final MetricsRegistry metrics;
    final RecordingLiveInput input = new RecordingLiveInput();
    final SrtIngestVerticle ingest;
    private final ServiceStack stack;

    private IngestHarness(Path dir, StreamsSettings streams, IngestSettings settings) throws Exception {
        stack = ServiceStack.in(dir)
                .migrations("streams")
                .env(Map.of(
                        "MILLRACE_PUBLIC_URL",
                        "https://" + PUBLIC_HOST,
                        "MILLRACE_SRT_PORT",
                        String.valueOf(ADVERTISED_SRT_PORT)))
                .start();
        vertx = stack.vertx;
        metrics = stack.metrics;
        stack.deploy(new StreamsVerticle(stack.config, stack.db.settings(4), streams));
        stack.startGateway();
        ingest = new SrtIngestVerticle(settings, input, metrics.registry());
        stack.deploy(ingest);
        client = stack.client();
    }

    static IngestHarness start(Path dir, Duration grace) throws Exception {
        return start(dir, grace, IngestSettings.on("127.0.0.1", 0));
    }

    static IngestHarness start(Path dir, Duration grace, IngestSettings settings) throws Exception {
        return new IngestHarness(dir, StreamsSettings.defaults().withReconnectGrace(grace), settings);
    }

    static IngestHarness start(Path dir, StreamsSettings streams) throws Exception {
        return new IngestHarness(dir, streams, IngestSettings.on("127.0.0.1", 0));
    }

    int srtPort() {
        return ingest.localAddress().getPort();
    }

    /** The srtUrl a create answer shows, pointed at the test listener instead of the advertised host and port. */
    String local(String srtUrl) {
        String advertised = "srt://" + PUBLIC_HOST + ":" + ADVERTISED_SRT_PORT + "?";
        if (!srtUrl.startsWith(advertised)) {
            throw new AssertionError("unexpected srtUrl shape");
        }
        return "srt://127.0.0.1:" + srtPort() + "?" + srtUrl.substring(advertised.length());
    }

    String token(String userId, String username) {
        return stack.token(userId, username);
    }

    String adminToken(String userId, String username) {
        return stack.token(userId, username, Principal.ROLE_USER, Principal.ROLE_ADMIN);
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

    /** Polls until the stream's public status is {@code wanted}. */
    void awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        org.millrace.core.testing.ApiCalls.awaitStatus(client, id, wanted, timeout);
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
