package org.millrace.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.security.AccessTokens;
import org.millrace.gateway.testing.ServiceStack;

/** The auth service behind the real gateway, on a real embedded PostgreSQL, on an ephemeral port. */
final class AuthTestServer implements AutoCloseable {
    /** bcrypt cost in tests: the real algorithm, a quarter of the production work. */
    static final int TEST_BCRYPT_COST = 10;

    final MillraceConfig config;
    final Vertx vertx;
    final Pool pool;
    final WebClient client;
    final int port;
    private final ServiceStack stack;

    private AuthTestServer(Path data, AuthSettings settings, Map<String, String> extraEnv) throws Exception {
        stack = ServiceStack.in(data).migrations("core", "auth").env(extraEnv).start();
        config = stack.config;
        vertx = stack.vertx;
        pool = stack.sql;
        AccessTokens tokens = new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(15));
        stack.deploy(new AuthVerticle(Database.pool(vertx, stack.db.settings(4)), tokens, settings));
        port = stack.startGateway();
        client = stack.client();
    }

    static AuthTestServer start(Path data, AuthSettings settings) throws Exception {
        return new AuthTestServer(data, settings, Map.of());
    }

    /** With more configuration, e.g. {@code MILLRACE_TRUSTED_PROXIES}. */
    static AuthTestServer start(Path data, AuthSettings settings, Map<String, String> env) throws Exception {
        return new AuthTestServer(data, settings, env);
    }

    /** Production settings with the test bcrypt cost and limits high enough not to get in the way. */
    static AuthSettings relaxedSettings() {
        return AuthSettings.defaults()
                .withBcryptCost(TEST_BCRYPT_COST)
                .withLimits(new RateLimit(1000, Duration.ofMinutes(15)), new RateLimit(10_000, Duration.ofMinutes(1)));
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap headers, Object body) throws Exception {
        var request = client.request(method, path);
        if (headers != null) {
            request.putHeaders(headers);
        }
        if (body != null && !(body instanceof JsonObject) && (headers == null || !headers.contains("Content-Type"))) {
            request.putHeader("Content-Type", "application/json"); // raw JSON text, as a browser's fetch sends it
        }
        var reply = body == null
                ? request.send()
                : body instanceof JsonObject json
                        ? request.sendJsonObject(json)
                        : request.sendBuffer(Buffer.buffer(body.toString()));
        return reply.await(30, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
        return send(HttpMethod.POST, path, null, body);
    }

    HttpResponse<Buffer> get(String path, String bearer) throws Exception {
        return send(
                HttpMethod.GET,
                path,
                bearer == null ? null : MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + bearer),
                null);
    }

    HttpResponse<Buffer> register(String username, String email, String password) throws Exception {
        return post(
                "/api/auth/register",
                new JsonObject().put("username", username).put("email", email).put("password", password));
    }

    HttpResponse<Buffer> login(String login, String password) throws Exception {
        return post("/api/auth/login", new JsonObject().put("login", login).put("password", password));
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
