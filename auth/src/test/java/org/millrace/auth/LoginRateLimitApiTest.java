package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Login throttling over HTTP. Each test calls from its own loopback address (127.0.0.x), so the per-IP counts of
 * one test do not spill into another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginRateLimitApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final int ACCOUNT_FAILURES = 3;
    private static final int IP_ATTEMPTS = 6;

    private AuthTestServer server;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        server = AuthTestServer.start(data, AuthSettings.defaults().withBcryptCost(AuthTestServer.TEST_BCRYPT_COST)
                .withLimits(new RateLimit(ACCOUNT_FAILURES, Duration.ofMinutes(15)),
                        new RateLimit(IP_ATTEMPTS, Duration.ofMinutes(1))));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<Buffer> login(String from, String login, String password) throws Exception {
        WebClient client = WebClient.create(server.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port).setLocalAddress(from));
        try {
            return client.post("/api/auth/login").sendJsonObject(new JsonObject().put("login", login)
                    .put("password", password)).await(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    private static long assertLimited(HttpResponse<Buffer> response, long maxSeconds) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(429);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(response.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, maxSeconds);
        return retryAfter;
    }

    @Test
    void anAccountIsRefusedAfterTooManyFailuresEvenWithTheRightPassword() throws Exception {
        assertThat(server.register("victim", "victim@example.org", PASSWORD).statusCode()).isEqualTo(201);
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            // Switching between name and e-mail does not buy more guesses: the count is per account.
            String login = i % 2 == 0 ? "victim" : "VICTIM@example.org";
            assertThat(login("127.0.0.3", login, "wrong password " + i).statusCode()).isEqualTo(401);
        }
        assertLimited(login("127.0.0.3", "victim", PASSWORD), 15 * 60);
        assertLimited(login("127.0.0.4", "victim@example.org", PASSWORD), 15 * 60);
    }

    @Test
    void unknownNamesAreThrottledLikeRealOnes() throws Exception {
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login("127.0.0.5", "ghost", "wrong password").statusCode()).isEqualTo(401);
        }
        assertLimited(login("127.0.0.5", "ghost", "wrong password"), 15 * 60);
    }

    @Test
    void anAddressIsRefusedAfterTooManyAttemptsWhileOthersGoOn() throws Exception {
        assertThat(server.register("busy", "busy@example.org", PASSWORD).statusCode()).isEqualTo(201);
        for (int i = 0; i < IP_ATTEMPTS; i++) {
            assertThat(login("127.0.0.2", "someone" + i, "wrong password").statusCode()).isEqualTo(401);
        }
        assertLimited(login("127.0.0.2", "busy", PASSWORD), 60);
        assertThat(login("127.0.0.6", "busy", PASSWORD).statusCode()).isEqualTo(200);
    }
}
