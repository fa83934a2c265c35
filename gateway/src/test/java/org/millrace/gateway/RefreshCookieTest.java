package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
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
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;

/** The gateway's refresh-cookie handling and Retry-After, against stand-in services behind an https public URL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshCookieTest {
    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_PUBLIC_URL",
                        "https://live.example.com"))
                .load();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        ServiceEndpoint.bind(
                vertx.eventBus(),
                "test.issue",
                request -> Future.succeededFuture(ServiceResponse.ok(
                        new JsonObject().put("refreshToken", "tok-1").put("refreshExpiresIn", 60))));
        ServiceEndpoint.bind(
                vertx.eventBus(),
                "test.echo",
                request -> Future.succeededFuture(ServiceResponse.ok(new JsonObject().put("seen", request.body()))));
        ServiceEndpoint.bind(vertx.eventBus(), "test.refuse", request -> {
            throw ServiceException.unauthorized("no");
        });
        ServiceEndpoint.bind(vertx.eventBus(), "test.busy", request -> {
            throw ServiceException.tooManyRequests("slow down", 7);
        });
        List<ApiRoute> routes = List.of(
                ApiRoute.route("POST", "/api/auth/issue", "test.issue", Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ISSUE),
                ApiRoute.route("POST", "/api/auth/rotate", "test.echo", Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ROTATE),
                ApiRoute.route("POST", "/api/auth/refuse", "test.refuse", Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ROTATE),
                ApiRoute.route("POST", "/api/auth/clear", "test.echo", Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.CLEAR),
                ApiRoute.route("POST", "/api/plain", "test.echo", Access.PUBLIC),
                ApiRoute.route("POST", "/api/busy", "test.busy", Access.PUBLIC));
        GatewayVerticle gateway = new GatewayVerticle(
                config,
                routes,
                List.of(),
                metrics,
                "webroot",
                new org.millrace.core.storage.LocalStorage(data.resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort()));
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private HttpResponse<Buffer> post(String path, String cookie, JsonObject body) throws Exception {
        var request = client.post(path);
        if (cookie != null) {
            request.putHeader("Cookie", RefreshCookies.NAME + "=" + cookie);
        }
        return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
    }

    @Test
    void theReplysTokenBecomesASecureHttpOnlyStrictCookie() throws Exception {
        HttpResponse<Buffer> response = post("/api/auth/issue", null, null);
        assertThat(response.bodyAsJsonObject().getString("refreshToken")).isEqualTo("tok-1");
        assertThat(response.cookies())
                .singleElement()
                .asString()
                .startsWith("millrace_refresh=tok-1;")
                .contains("Max-Age=60")
                .contains("Path=/api/auth")
                .containsIgnoringCase("Secure")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void theCookieFillsInAMissingTokenOnlyWhereTheRouteAsks() throws Exception {
        assertThat(post("/api/auth/rotate", "from-cookie", null)
                        .bodyAsJsonObject()
                        .getJsonObject("seen"))
                .isEqualTo(new JsonObject().put("refreshToken", "from-cookie"));
        assertThat(post("/api/auth/rotate", "from-cookie", new JsonObject().put("other", 1))
                        .bodyAsJsonObject()
                        .getJsonObject("seen"))
                .isEqualTo(new JsonObject().put("other", 1).put("refreshToken", "from-cookie"));
        assertThat(post("/api/auth/rotate", "from-cookie", new JsonObject().put("refreshToken", "from-body"))
                        .bodyAsJsonObject()
                        .getJsonObject("seen")
                        .getString("refreshToken"))
                .isEqualTo("from-body");
        assertThat(post("/api/plain", "from-cookie", null).bodyAsJsonObject().getValue("seen"))
                .isNull();
    }

    @Test
    void logoutAndRefusedRefreshesClearTheCookie() throws Exception {
        HttpResponse<Buffer> cleared = post("/api/auth/clear", "tok", null);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.cookies())
                .singleElement()
                .asString()
                .startsWith("millrace_refresh=;")
                .contains("Max-Age=0");
        HttpResponse<Buffer> refused = post("/api/auth/refuse", "tok", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.cookies()).singleElement().asString().contains("Max-Age=0");
        assertThat(post("/api/plain", "tok", null).cookies()).isEmpty();
    }

    @Test
    void retryAfterFromTheServiceBecomesAHeader() throws Exception {
        HttpResponse<Buffer> response = post("/api/busy", null, null);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("7");
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("rate_limited");
    }
}
