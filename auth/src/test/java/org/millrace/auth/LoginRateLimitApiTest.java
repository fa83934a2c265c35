package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Login throttling over HTTP. Each test calls from its own loopback addresses (127.0.x.y), so the per-IP counts of
 * one test do not spill into another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginRateLimitApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final int ACCOUNT_FAILURES = 3;
    private static final int IP_ATTEMPTS = 30;
    /** The default: failures per account per day from addresses it has not signed in from. */
    private static final int ACCOUNT_BUDGET = 50;

    private AuthTestServer server;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        server = AuthTestServer.start(
                data,
                AuthSettings.defaults()
                        .withBcryptCost(AuthTestServer.TEST_BCRYPT_COST)
                        .withLimits(
                                new RateLimit(ACCOUNT_FAILURES, Duration.ofMinutes(15)),
                                new RateLimit(IP_ATTEMPTS, Duration.ofMinutes(1))),
                // 127.0.0.1 plays a reverse proxy naming IPv6 clients; the tests' own calls come from 127.0.0.2+.
                Map.of("MILLRACE_TRUSTED_PROXIES", "127.0.0.1"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<Buffer> login(String from, String login, String password) throws Exception {
        return loginsAtOnce(List.of(from), login, password).get(0);
    }

    /** One login per entry of {@code from} (its source address), all sent before any answer is awaited. */
    private List<HttpResponse<Buffer>> loginsAtOnce(List<String> from, String login, String password) throws Exception {
        Map<String, WebClient> clients = new HashMap<>();
        try {
            List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
            for (String address : from) {
                WebClient client = clients.computeIfAbsent(
                        address,
                        a -> WebClient.create(
                                server.vertx,
                                new WebClientOptions()
                                        .setDefaultHost("127.0.0.1")
                                        .setDefaultPort(server.port)
                                        .setLocalAddress(a),
                                new PoolOptions().setHttp1MaxSize(64)));
                replies.add(client.post("/api/auth/login")
                        .sendJsonObject(new JsonObject().put("login", login).put("password", password)));
            }
            Future.join(replies).await(120, TimeUnit.SECONDS);
            return replies.stream().map(Future::result).toList();
        } finally {
            clients.values().forEach(WebClient::close);
        }
    }

    private static Map<Integer, Long> byStatus(List<HttpResponse<Buffer>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    private static long assertLimited(HttpResponse<Buffer> response, long maxSeconds) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(429);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(response.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, maxSeconds);
        return retryAfter;
    }

    @Test
    void failuresLockTheGuessingAddressOutButNotTheOwnerElsewhere() throws Exception {
        assertThat(server.register("victim", "victim@example.org", PASSWORD).statusCode())
                .isEqualTo(201);
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            // Switching between name and e-mail does not buy more guesses: the count is per account.
            String login = i % 2 == 0 ? "victim" : "VICTIM@example.org";
            assertThat(login("127.0.0.3", login, "wrong password " + i).statusCode())
                    .isEqualTo(401);
        }
        assertLimited(login("127.0.0.3", "victim", "another guess"), 15 * 60);
        assertLimited(login("127.0.0.3", "victim", PASSWORD), 15 * 60);
        assertThat(login("127.0.0.4", "victim@example.org", PASSWORD).statusCode())
                .as("the owner, from another address, during the attack")
                .isEqualTo(200);
        assertLimited(login("127.0.0.3", "victim", "yet another guess"), 15 * 60);
    }

    @Test
    void unknownNamesAreThrottledLikeRealOnes() throws Exception {
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login("127.0.0.5", "ghost", "wrong password").statusCode())
                    .isEqualTo(401);
        }
        assertLimited(login("127.0.0.5", "ghost", "wrong password"), 15 * 60);
    }

    @Test
    void anAddressIsRefusedAfterTooManyAttemptsWhileOthersGoOn() throws Exception {
        assertThat(server.register("busy", "busy@example.org", PASSWORD).statusCode())
                .isEqualTo(201);
        for (int i = 0; i < IP_ATTEMPTS; i++) {
            assertThat(login("127.0.0.2", "someone" + i, "wrong password").statusCode())
                    .isEqualTo(401);
        }
        assertLimited(login("127.0.0.2", "busy", PASSWORD), 60);
        assertThat(login("127.0.0.6", "busy", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void parallelGuessesGetNoMorePasswordChecksThanSequentialOnes() throws Exception {
        assertThat(server.register("racer", "racer@example.org", PASSWORD).statusCode())
                .isEqualTo(201);
        int parallel = 24;
        List<HttpResponse<Buffer>> replies =
                loginsAtOnce(Collections.nCopies(parallel, "127.0.0.7"), "racer", "wrong password");
        Map<Integer, Long> statuses = byStatus(replies);
        assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(401, 429);
        assertThat(statuses.get(401)).as("checked by bcrypt: at most the cap").isBetween(1L, (long) ACCOUNT_FAILURES);
        replies.stream().filter(r -> r.statusCode() == 429).forEach(r -> assertLimited(r, 15 * 60));
    }

    @Test
    void guessesFromManyAddressesBackOffWhileTheOwnerSignsInFromHome() throws Exception {
        assertThat(server.register("streamer", "streamer@example.org", PASSWORD).statusCode())
                .isEqualTo(201);
        assertThat(login("127.0.0.20", "streamer", PASSWORD).statusCode())
                .as("the owner at home")
                .isEqualTo(200);
        int attackers = ACCOUNT_BUDGET + 10;
        Logger log = (Logger) LoggerFactory.getLogger(AuthService.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        log.addAppender(captured);
        List<HttpResponse<Buffer>> replies;
        long started = System.nanoTime();
        try {
            replies = loginsAtOnce(
                    IntStream.rangeClosed(1, attackers)
                            .mapToObj(i -> "127.0.1." + i)
                            .toList(),
                    "streamer",
                    "wrong password");
        } finally {
            log.detachAppender(captured);
        }
        assertThat(captured.list)
                .as("the flood does not flood the log")
                .filteredOn(e -> e.getFormattedMessage().startsWith("failed login"))
                .hasSizeLessThanOrEqualTo(20);
        Map<Integer, Long> statuses = byStatus(replies);
        assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(401, 429);
        // The budget, the first attempt past it, then one per back-off slot (1 s, 2 s, 4 s …) while the flood lasted.
        double seconds = (System.nanoTime() - started) / 1e9;
        long slots = (long) Math.floor(Math.log(seconds + 1) / Math.log(2));
        long checked = ACCOUNT_BUDGET + 1 + slots;
        assertThat(statuses.get(401)).as(statuses + " in " + seconds + " s").isBetween(1L, checked);
        assertThat(statuses.get(429)).as(statuses.toString()).isGreaterThanOrEqualTo(attackers - checked);
        assertThat(login("127.0.0.20", "streamer", PASSWORD).statusCode())
                .as("the owner, at an address they signed in from, during the attack")
                .isEqualTo(200);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        for (int i = 1; i <= IP_ATTEMPTS; i++) {
            assertThat(proxiedLogin("2001:db8:1:2::" + Integer.toHexString(i), "v6-someone" + i)
                            .statusCode())
                    .isEqualTo(401);
        }
        assertLimited(proxiedLogin("2001:db8:1:2:ffff:ffff:ffff:ffff", "v6-someone-else"), 60);
        assertThat(proxiedLogin("2001:db8:1:3::1", "v6-someone-else").statusCode())
                .as("the next /64")
                .isEqualTo(401);
    }

    /** A login the trusted proxy (127.0.0.1) forwards for {@code client}. */
    private HttpResponse<Buffer> proxiedLogin(String client, String login) throws Exception {
        return server.send(
                HttpMethod.POST,
                "/api/auth/login",
                MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", client),
                new JsonObject().put("login", login).put("password", "wrong password"));
    }
}
