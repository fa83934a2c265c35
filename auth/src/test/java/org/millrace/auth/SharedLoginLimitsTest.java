package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.storage.LocalStorage;
import org.millrace.gateway.testing.ServiceStack;

/**
 * Two auth service instances (two Vert.x instances, each with its own gateway, auth verticle and pool) on one real
 * PostgreSQL, as two processes of a cluster would be: a burst of logins alternating between them is refused at the
 * shared count, not at twice it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedLoginLimitsTest {
    private static final String PASSWORD = "correct horse battery";
    private static final int IP_ATTEMPTS = 6;
    private static final int ACCOUNT_FAILURES = 3;

    private EmbeddedDatabase db;
    private final List<Instance> instances = new ArrayList<>();

    /** One auth "process": its own Vert.x, pool, auth verticle and gateway on an ephemeral port. */
    private record Instance(ServiceStack stack, WebClient client) {
        HttpResponse<Buffer> login(String from, String login, String password) throws Exception {
            return client.post("/api/auth/login")
                    .sendJsonObject(new JsonObject().put("login", login).put("password", password))
                    .await(30, TimeUnit.SECONDS);
        }
    }

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        db = ServiceStack.startDatabase(data, "core", "auth");
        DatabaseSettings dbSettings = db.settings(4);
        AuthSettings settings = AuthSettings.defaults()
                .withBcryptCost(AuthTestServer.TEST_BCRYPT_COST)
                .withLimits(
                        new RateLimit(ACCOUNT_FAILURES, Duration.ofMinutes(15)),
                        new RateLimit(IP_ATTEMPTS, Duration.ofMinutes(1)));
        for (int i = 0; i < 2; i++) {
            instances.add(instance(data.resolve("instance-" + i), dbSettings, settings));
        }
    }

    private Instance instance(Path data, DatabaseSettings dbSettings, AuthSettings settings) throws Exception {
        ServiceStack stack = ServiceStack.in(data)
                .env(Map.of("MILLRACE_JWT_SECRET", "a-shared-secret-of-the-whole-cluster-0123456789"))
                .database(db)
                .start();
        AccessTokens tokens = new AccessTokens(stack.vertx, stack.config.jwtSecret(), Duration.ofMinutes(15));
        stack.deploy(new AuthVerticle(Database.pool(stack.vertx, dbSettings), tokens, settings));
        int port = stack.startGateway(new LocalStorage(data.resolve("storage")), List.of());
        WebClient client = WebClient.create(
                stack.vertx,
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setLocalAddress("127.0.0.2"));
        return new Instance(stack, client);
    }

    @AfterAll
    void stop() throws Exception {
        for (Instance instance : instances) {
            instance.stack().close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aBurstAlternatingBetweenTwoInstancesHitsTheSharedLimits() throws Exception {
        HttpResponse<Buffer> registered = instances
                .get(0)
                .client()
                .post("/api/auth/register")
                .sendJsonObject(new JsonObject()
                        .put("username", "shared")
                        .put("email", "shared@example.org")
                        .put("password", PASSWORD))
                .await(30, TimeUnit.SECONDS);
        assertThat(registered.statusCode()).isEqualTo(201);
        // The sign-up was attempt 1 of the address's budget; the wrong passwords alternate between instances.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2 * IP_ATTEMPTS; i++) {
            statuses.add(instances
                    .get(i % 2)
                    .login("127.0.0.2", "shared", "wrong password " + i)
                    .statusCode());
        }
        assertThat(statuses.subList(0, ACCOUNT_FAILURES))
                .as(statuses.toString())
                .containsOnly(401);
        assertThat(statuses.subList(ACCOUNT_FAILURES, statuses.size()))
                .as("past the account's failures from this address, on both instances: " + statuses)
                .containsOnly(429);
        HttpResponse<Buffer> refused = instances.get(1).login("127.0.0.2", "someone else", "wrong password");
        assertThat(refused.statusCode())
                .as("the address's attempts, counted on both instances")
                .isEqualTo(429);
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("rate_limited");
    }
}
