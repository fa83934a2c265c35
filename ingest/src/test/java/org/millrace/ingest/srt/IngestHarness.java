package org.millrace.ingest.srt;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.PublicApi;
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
    private final EmbeddedDatabase db;
    private final AccessTokens tokens;

    private IngestHarness(Path dir, StreamsSettings streams, IngestSettings settings) throws Exception {
        db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Migrations.apply(db.settings(2), "streams");
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        dir.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_PUBLIC_URL",
                        "https://" + PUBLIC_HOST,
                        "MILLRACE_SRT_PORT",
                        String.valueOf(ADVERTISED_SRT_PORT)))
                .load();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        vertx.deployVerticle(new StreamsVerticle(config, db.settings(4), streams))
                .await(30, TimeUnit.SECONDS);
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                PublicApi.routes(),
                List.of(new DatabaseHealthCheck(Database.pool(vertx, db.settings(1)), Duration.ofSeconds(2))),
                metrics,
                "webroot",
                new org.millrace.core.storage.LocalStorage(dir.resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        ingest = new SrtIngestVerticle(settings, input, metrics.registry());
        vertx.deployVerticle(ingest).await(30, TimeUnit.SECONDS);
        client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort()));
        tokens = new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(5));
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
        return tokens.issue(new Principal(userId, username, List.of("user")));
    }

    String adminToken(String userId, String username) {
        return tokens.issue(new Principal(userId, username, List.of("user", Principal.ROLE_ADMIN)));
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
        vertx.close().await(20, TimeUnit.SECONDS);
        db.close();
        metrics.close();
    }
}
