package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.health.StorageHealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.LocalStorage;

/** The gateway over a real embedded PostgreSQL, real local storage and a real event bus. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayVerticleTest {
    private static final String ORIGIN = "https://app.example.com";

    private Path data;

    private EmbeddedDatabase db;
    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private AccessTokens tokens;
    private int port;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        data = tempDir;
        db = EmbeddedDatabase.start(data.resolve("postgres"));
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_MAX_BODY_BYTES",
                        "1024",
                        "MILLRACE_CORS_ORIGINS",
                        ORIGIN))
                .load();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        Pool pool = Database.pool(vertx, db.settings(2));
        LocalStorage storage = new LocalStorage(data.resolve("storage"));
        List<ApiRoute> routes = List.of(
                ApiRoute.route("POST", "/api/things/:id", "test.echo", Access.OPTIONAL_AUTH),
                ApiRoute.route("GET", "/api/things/:id", "test.echo", Access.PUBLIC),
                ApiRoute.route("GET", "/api/mine", "test.echo", Access.AUTHENTICATED),
                ApiRoute.route("GET", "/api/missing", "test.missing", Access.PUBLIC),
                ApiRoute.route("GET", "/api/nobody", "test.nobody-listens", Access.PUBLIC));
        ServiceEndpoint.bind(
                vertx.eventBus(), "test.echo", request -> Future.succeededFuture(ServiceResponse.ok(request.toJson())));
        ServiceEndpoint.bind(vertx.eventBus(), "test.missing", request -> {
            throw ServiceException.notFound("no such thing");
        });
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                routes,
                List.of(
                        new DatabaseHealthCheck(pool, Duration.ofSeconds(2)),
                        new StorageHealthCheck(vertx, storage, Duration.ofSeconds(2))),
                metrics,
                "webroot",
                storage);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
        client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        tokens = new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(5));
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
        metrics.close();
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap headers, Buffer body) throws Exception {
        var request = client.request(method, path);
        if (headers != null) {
            request.putHeaders(headers);
        }
        return (body == null ? request.send() : request.sendBuffer(body)).await(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return send(HttpMethod.GET, path, null, null);
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    }

    @Test
    void routesCarryPathQueryBodyAndPrincipalToTheService() throws Exception {
        String token = tokens.issue(new Principal("u-42", "ada", List.of("user")));
        String body = new JsonObject()
                .put("title", "it's \"quoted\"; DROP TABLE streams;--")
                .encode();
        HttpResponse<Buffer> response = send(
                HttpMethod.POST,
                "/api/things/abc%20d?tag=a&tag=b&q=x",
                MultiMap.caseInsensitiveMultiMap()
                        .add("Authorization", "Bearer " + token)
                        .add("Content-Type", "application/json"),
                Buffer.buffer(body));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = response.bodyAsJsonObject();
        assertThat(seen.getJsonObject("pathParams").getString("id")).isEqualTo("abc d");
        assertThat(seen.getJsonObject("query").getJsonArray("tag"))
                .isEqualTo(new JsonArray().add("a").add("b"));
        assertThat(seen.getJsonObject("body").getString("title")).isEqualTo("it's \"quoted\"; DROP TABLE streams;--");
        assertThat(seen.getJsonObject("principal").getString("userId")).isEqualTo("u-42");
        assertThat(seen.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
        assertThat(seen.getString("clientIp")).isEqualTo("127.0.0.1");
    }

    @Test
    void publicRoutesIgnoreTokensAndAuthenticatedOnesRequireAValidOne() throws Exception {
        HttpResponse<Buffer> anonymous = get("/api/things/1");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.bodyAsJsonObject().containsKey("principal")).isFalse();

        assertError(get("/api/mine"), 401, "unauthorized");
        assertError(
                send(
                        HttpMethod.GET,
                        "/api/mine",
                        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer not-a-token"),
                        null),
                401,
                "unauthorized");
        assertError(
                send(
                        HttpMethod.GET,
                        "/api/mine",
                        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic dXNlcjpwdw=="),
                        null),
                401,
                "unauthorized");
        // An optional-auth route refuses a bad token rather than treating the caller as anonymous.
        assertError(
                send(
                        HttpMethod.POST,
                        "/api/things/1",
                        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer x.y.z"),
                        null),
                401,
                "unauthorized");

        String token = tokens.issue(new Principal("u-1", "bob", List.of("user")));
        HttpResponse<Buffer> mine = send(
                HttpMethod.GET,
                "/api/mine",
                MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token),
                null);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.bodyAsJsonObject().getJsonObject("principal").getString("username"))
                .isEqualTo("bob");
    }

    @Test
    void errorsHaveTheContractShape() throws Exception {
        assertError(get("/api/missing"), 404, "not_found");
        assertError(get("/api/nobody"), 503, "service_unavailable");
        assertError(get("/api/no/such/route"), 404, "not_found");
        assertError(get("/nope.txt"), 404, "not_found");
        assertError(send(HttpMethod.DELETE, "/api/things/1", null, null), 405, "method_not_allowed");
        MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        assertError(send(HttpMethod.POST, "/api/things/1", json, Buffer.buffer("{not json")), 400, "invalid_json");
        assertError(send(HttpMethod.POST, "/api/things/1", json, Buffer.buffer("42")), 400, "invalid_json");
        assertThat(get("/api/things/1?cursor=%%%").statusCode()).isEqualTo(400);
        HttpResponse<Buffer> badQuery = get("/api/things/1?cursor=%%%");
        assertThat(badQuery.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isIn("bad_request", "invalid_query");
    }

    @Test
    void oversizedBodiesAre413AndTheServerKeepsServing() throws Exception {
        String big = new JsonObject().put("blob", "x".repeat(4096)).encode();
        assertError(
                send(
                        HttpMethod.POST,
                        "/api/things/1",
                        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"),
                        Buffer.buffer(big)),
                413,
                "payload_too_large");
        assertThat(get("/api/things/1").statusCode()).isEqualTo(200);
    }

    @Test
    void requestIdsAreGeneratedOrKeptWhenSafe() throws Exception {
        String generated = get("/api/things/1").getHeader("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(get("/api/things/1").getHeader("X-Request-Id")).isNotEqualTo(generated);

        HttpResponse<Buffer> kept = send(
                HttpMethod.GET,
                "/api/things/1",
                MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "edge-proxy-1234"),
                null);
        assertThat(kept.getHeader("X-Request-Id")).isEqualTo("edge-proxy-1234");
        HttpResponse<Buffer> replaced = send(
                HttpMethod.GET,
                "/api/things/1",
                MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "<script>alert(1)</script>"),
                null);
        assertThat(replaced.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigin() throws Exception {
        HttpResponse<Buffer> allowed = send(
                HttpMethod.OPTIONS,
                "/api/things/1",
                MultiMap.caseInsensitiveMultiMap().add("Origin", ORIGIN).add("Access-Control-Request-Method", "POST"),
                null);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(allowed.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");

        HttpResponse<Buffer> other = send(
                HttpMethod.GET,
                "/api/things/1",
                MultiMap.caseInsensitiveMultiMap().add("Origin", "https://evil.example"),
                null);
        assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void servesTheWebRootAndPageRoutesFallBackToIt() throws Exception {
        HttpResponse<Buffer> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.getHeader("Content-Type")).startsWith("text/html");
        assertThat(index.bodyAsString()).contains("Millrace");
        assertThat(index.getHeader("Cache-Control"))
                .as("the index names the current assets")
                .isEqualTo("no-cache");
        HttpResponse<Buffer> asset = get("/assets/app-0123abcd.js");
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");

        HttpResponse<Buffer> page = send(
                HttpMethod.GET,
                "/watch/abc",
                MultiMap.caseInsensitiveMultiMap().add("Accept", "text/html,application/xhtml+xml"),
                null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.bodyAsString()).contains("Millrace");
        assertError(
                send(
                        HttpMethod.GET,
                        "/api/nothing",
                        MultiMap.caseInsensitiveMultiMap().add("Accept", "text/html"),
                        null),
                404,
                "not_found");
    }

    @Test
    void theIndexPageGoesGzippedToClientsThatAcceptItAndAsItIsToOthers() throws Exception {
        MultiMap gzip = MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip");
        HttpResponse<Buffer> plain = get("/");
        assertThat(plain.getHeader("Content-Encoding")).isNull();
        assertThat(plain.getHeader("Vary")).isEqualTo("Accept-Encoding");
        HttpResponse<Buffer> packed = send(HttpMethod.GET, "/", gzip, null);
        assertThat(packed.statusCode()).isEqualTo(200);
        assertThat(packed.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(packed.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(packed.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(packed.getHeader("Content-Type")).startsWith("text/html");
        assertThat(gunzip(packed.body())).isEqualTo(plain.bodyAsString());
        String etag = packed.getHeader("ETag");
        assertThat(etag).startsWith("W/");
        HttpResponse<Buffer> again = send(
                HttpMethod.GET,
                "/",
                MultiMap.caseInsensitiveMultiMap().addAll(gzip).add("If-None-Match", etag),
                null);
        assertThat(again.statusCode()).isEqualTo(304);
        HttpResponse<Buffer> refused =
                send(HttpMethod.GET, "/", MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip;q=0"), null);
        assertThat(refused.getHeader("Content-Encoding")).isNull();
        HttpResponse<Buffer> tiny = send(HttpMethod.GET, "/assets/app-0123abcd.js", gzip, null);
        assertThat(tiny.statusCode()).isEqualTo(200);
        assertThat(tiny.getHeader("Content-Encoding"))
                .as("36 bytes are not worth gzip")
                .isNull();
        HttpResponse<Buffer> missing = send(HttpMethod.GET, "/assets/none-0000.js", gzip, null);
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void apiJsonAndMetricsOfSomeSizeGoGzippedToClientsThatAcceptIt() throws Exception {
        MultiMap gzip = MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip, br");
        String large = "/api/things/1?q=" + "x".repeat(GzipAnswers.MIN_BYTES);
        HttpResponse<Buffer> plain = get(large);
        assertThat(plain.getHeader("Content-Encoding")).isNull();
        assertThat(plain.getHeader("Vary")).isEqualTo("Accept-Encoding");
        HttpResponse<Buffer> packed = send(HttpMethod.GET, large, gzip, null);
        assertThat(packed.statusCode()).isEqualTo(200);
        assertThat(packed.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(packed.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(packed.getHeader("Content-Type")).startsWith("application/json");
        assertThat(packed.body().length()).isLessThan(plain.body().length());
        assertThat(new JsonObject(gunzip(packed.body())).getJsonObject("query"))
                .isEqualTo(plain.bodyAsJsonObject().getJsonObject("query"));

        HttpResponse<Buffer> small = send(HttpMethod.GET, "/api/things/1", gzip, null);
        assertThat(small.body().length()).isLessThan(GzipAnswers.MIN_BYTES);
        assertThat(small.getHeader("Content-Encoding"))
                .as("a few hundred bytes are not worth gzip")
                .isNull();
        assertThat(small.bodyAsJsonObject().getString("requestId")).isNotNull();
        HttpResponse<Buffer> refused = send(
                HttpMethod.GET, large, MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip;q=0"), null);
        assertThat(refused.getHeader("Content-Encoding")).isNull();
        assertThat(refused.bodyAsJsonObject().getJsonObject("query"))
                .isEqualTo(plain.bodyAsJsonObject().getJsonObject("query"));

        // The metrics text is tens of KiB: compressed on a worker once past GzipAnswers.ON_LOOP_MAX_BYTES.
        HttpResponse<Buffer> metricsPlain = get("/metrics");
        HttpResponse<Buffer> metricsPacked = send(HttpMethod.GET, "/metrics", gzip, null);
        assertThat(metricsPlain.getHeader("Content-Encoding")).isNull();
        assertThat(metricsPacked.statusCode()).isEqualTo(200);
        assertThat(metricsPacked.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(metricsPacked.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(metricsPacked.body().length()).isLessThan(metricsPlain.body().length() / 3);
        assertThat(gunzip(metricsPacked.body())).contains("jvm_memory_used_bytes");
    }

    private static String gunzip(Buffer body) throws java.io.IOException {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body.getBytes()))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void metricsExposeJvmHttpAndEventBusSeries() throws Exception {
        get("/api/things/1");
        HttpResponse<Buffer> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyAsString())
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/things/:id\",status=\"200\"}")
                .contains("vertx_http_server_requests_total")
                .contains("vertx_eventbus_");
    }

    @Test
    void healthTurns503WithDetailWhenTheDatabaseStops() throws Exception {
        HttpResponse<Buffer> healthy = get("/health");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.bodyAsJsonObject().getString("status")).isEqualTo("up");
        assertThat(healthy.bodyAsJsonObject()
                        .getJsonObject("checks")
                        .getJsonObject("storage")
                        .getString("status"))
                .isEqualTo("up");

        db.close();
        db = null;
        HttpResponse<Buffer> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonObject body = down.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("down");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status"))
                .isEqualTo("down");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getString("error"))
                .isNotBlank();
        assertThat(body.getJsonObject("checks").getJsonObject("storage").getString("status"))
                .isEqualTo("up");
        assertThat(body.getJsonObject("error").getString("code")).isEqualTo("unhealthy");
        assertThat(get("/api/things/1").statusCode())
                .as("the rest keeps serving")
                .isEqualTo(200);
    }
}
