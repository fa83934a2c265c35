package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;

/** Test helper: a plain HTTP client for one running server, with access tokens signed by its secret. */
public final class ApiClient implements AutoCloseable {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Vertx tokenVertx = Vertx.vertx();
    private final AccessTokens tokens;
    public final String base;

    ApiClient(MillraceConfig config, int httpPort) {
        this("http://127.0.0.1:" + httpPort, config.jwtSecret());
    }

    /** A client of {@code base} (e.g. nginx in front of several gateways) whose tokens are signed with {@code jwtSecret}. */
    public ApiClient(String base, byte[] jwtSecret) {
        this.base = base;
        this.tokens = new AccessTokens(tokenVertx, jwtSecret, Duration.ofMinutes(30));
    }

    public String token(String userId, String username, String... roles) {
        return tokens.issue(
                new Principal(userId, username, List.of(roles.length == 0 ? new String[] {"user"} : roles)));
    }

    public HttpResponse<String> send(String method, String path, String token, Object body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = request(base + path, method, token, body).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code url}: {@code body} (null for none) as JSON, {@code token} (null for none) as bearer. */
    static HttpRequest.Builder request(String url, String method, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null, Map.of());
    }

    public HttpResponse<byte[]> bytes(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A 2xx JSON answer, or the test fails with the status and body. */
    public JsonObject json(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> response = send(method, path, token, body, Map.of());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isBetween(200, 299);
        return new JsonObject(response.body());
    }

    /**
     * Polls {@code GET /api/streams/{id}} until its status is {@code status}; the {@link System#nanoTime()} it was
     * seen at. Answers other than 200 (a database down) are polled past, not failed on.
     */
    public long awaitStreamStatus(String streamId, String status, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = get("/api/streams/" + streamId, null);
            last = answer.body();
            if (answer.statusCode() == 200 && status.equals(new JsonObject(answer.body()).getString("status"))) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream never " + status + "; last answer " + last);
    }

    /** Sleeps until {@code second} seconds after {@code startNanos} (a {@link System#nanoTime()}), if not past. */
    public static void sleepUntil(long startNanos, int second) throws InterruptedException {
        long wait = startNanos + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public void close() {
        tokenVertx.close();
    }
}
