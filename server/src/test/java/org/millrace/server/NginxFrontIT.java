package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/**
 * nginx/millrace.conf.template in Debian's nginx in front of the all-in-one server: the web app from the
 * built files (SPA fallback, asset caching, a missing asset a real 404), the API and media proxied with the
 * gateway's answers intact, and /internal/ and /metrics closed to the outside even with the right key.
 */
class NginxFrontIT {
    @TempDir
    Path data;

    @TempDir
    Path nginxDir;

    @Test
    void nginxServesTheAppAndProxiesTheRestButNeverInternal() throws Exception {
        Path webRoot = Path.of(System.getProperty("millrace.webRoot", "../web/target/classes/webroot"))
                .toAbsolutePath()
                .normalize();
        assertThat(webRoot.resolve("index.html")).as("the web module was built").isRegularFile();
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config)) {
            int port = FreePorts.tcp();
            Process nginx = NginxSite.start(nginxDir, webRoot, "127.0.0.1:" + server.httpPort(), port, null);
            try (ApiClient front = new ApiClient(config, port);
                    ApiClient gateway = new ApiClient(config, server.httpPort())) {
                // The app: its index on / and on its own paths, revalidated; assets cached for good; no fallback
                // for a missing asset (a stale chunk must fail loudly, not parse HTML as JavaScript).
                for (String page : new String[] {"/", "/dashboard/streams/abc", "/watch/xyz", "/videos?q=jazz"}) {
                    HttpResponse<String> index = front.get(page, null);
                    assertThat(index.statusCode()).as(page).isEqualTo(200);
                    assertThat(index.headers().firstValue("Content-Type"))
                            .get()
                            .asString()
                            .startsWith("text/html");
                    assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
                    assertThat(index.body()).contains("<div id=\"root\">");
                    assertThat(index.headers().firstValue("Content-Security-Policy"))
                            .get()
                            .asString()
                            .contains("script-src 'self'", "frame-ancestors 'none'");
                    assertThat(index.headers().firstValue("X-Frame-Options")).contains("DENY");
                }
                Matcher entry = Pattern.compile("/assets/index-[^\"]+\\.js")
                        .matcher(front.get("/", null).body());
                assertThat(entry.find()).isTrue();
                HttpResponse<String> script = front.get(entry.group(), null);
                assertThat(script.statusCode()).isEqualTo(200);
                assertThat(script.headers().firstValue("Content-Type"))
                        .get()
                        .asString()
                        .contains("javascript");
                assertThat(script.headers().firstValue("Cache-Control"))
                        .contains("public, max-age=31536000, immutable");
                assertThat(script.headers().firstValue("X-Content-Type-Options"))
                        .contains("nosniff");
                assertThat(script.headers().firstValue("Content-Security-Policy"))
                        .isPresent();
                assertThat(front.get("/assets/index-gone.js", null).statusCode())
                        .isEqualTo(404);

                // The API through nginx: bodies, errors, cookies and tokens as the gateway answers them.
                JsonObject user = new JsonObject()
                        .put("username", "nginxer")
                        .put("email", "n@example.com")
                        .put("password", "a-long-nginx-password");
                assertThat(front.send("POST", "/api/auth/register", null, user, Map.of())
                                .statusCode())
                        .isEqualTo(201);
                HttpResponse<String> login = front.send(
                        "POST",
                        "/api/auth/login",
                        null,
                        new JsonObject().put("login", "nginxer").put("password", "a-long-nginx-password"),
                        Map.of());
                assertThat(login.statusCode()).isEqualTo(200);
                assertThat(login.headers().firstValue("Set-Cookie"))
                        .get()
                        .asString()
                        .containsIgnoringCase("HttpOnly");
                String token = new JsonObject(login.body()).getString("accessToken");
                assertThat(front.json("GET", "/api/auth/me", token, null)
                                .getJsonObject("user")
                                .getString("username"))
                        .isEqualTo("nginxer");
                HttpResponse<String> bad = front.send("POST", "/api/streams", token, "{not json", Map.of());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("code"))
                        .isNotBlank();
                assertThat(front.get("/health", null).statusCode()).isEqualTo(200);
                HttpResponse<String> live = front.get("/live/nosuchstream/master.m3u8", null);
                assertThat(live.statusCode()).isEqualTo(404);
                assertThat(new JsonObject(live.body()).containsKey("error")).isTrue();

                // Closed: the internal import even with the right key from loopback (the gateway itself would take
                // it: 400 for an empty body), and the metrics.
                Map<String, String> key = Map.of("X-Internal-API-Key", config.internalApiKey());
                assertThat(gateway.send("POST", "/internal/videos/import", null, "{}", key)
                                .statusCode())
                        .as("the gateway answers the import itself")
                        .isNotEqualTo(404);
                assertThat(front.send("POST", "/internal/videos/import", null, "{}", key)
                                .statusCode())
                        .isEqualTo(404);
                assertThat(front.get("/metrics", null).statusCode()).isEqualTo(404);
                assertThat(gateway.get("/metrics", null).statusCode()).isEqualTo(200);
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
