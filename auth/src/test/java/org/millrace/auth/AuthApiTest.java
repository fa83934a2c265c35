package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.testing.Jwts;

/** The public auth contract, over HTTP, through the real gateway, on a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private AuthTestServer server;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        server = AuthTestServer.start(data, AuthTestServer.relaxedSettings());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String uniqueName(String base) {
        return base + NAMES.incrementAndGet();
    }

    private JsonObject registered(String username, String email, String password) throws Exception {
        HttpResponse<Buffer> response = server.register(username, email, password);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        return response.bodyAsJsonObject().getJsonObject("user");
    }

    private JsonObject loggedIn(String login, String password) throws Exception {
        HttpResponse<Buffer> response = server.login(login, password);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private HttpResponse<Buffer> refresh(String token) throws Exception {
        return server.post("/api/auth/refresh", new JsonObject().put("refreshToken", token));
    }

    private static JsonObject error(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
        return error;
    }

    private static String cookie(HttpResponse<Buffer> response) {
        List<String> cookies = response.cookies();
        assertThat(cookies).hasSize(1);
        return cookies.get(0);
    }

    @Test
    void registerLoginMeRefreshAndReuseRevokesTheFamily() throws Exception {
        String name = uniqueName("Ada_Lovelace");
        JsonObject user = registered(name, name + "@Example.com", PASSWORD);
        assertThat(user.getString("id")).isNotBlank();
        assertThat(user.getString("username")).isEqualTo(name);
        assertThat(user.getString("email")).isEqualTo(name + "@Example.com");
        assertThat(user.getJsonArray("roles")).isEqualTo(new JsonArray().add("user"));
        assertThat(Instant.parse(user.getString("createdAt")))
                .isBefore(Instant.now().plusSeconds(5));
        assertThat(user.fieldNames()).containsExactlyInAnyOrder("id", "username", "email", "roles", "createdAt");

        JsonObject byName = loggedIn(name.toLowerCase(), PASSWORD);
        JsonObject byEmail = loggedIn(name.toUpperCase() + "@EXAMPLE.COM", PASSWORD);
        assertThat(byName.getString("accessToken")).isNotBlank();
        assertThat(byName.getLong("expiresIn")).isEqualTo(900L);
        assertThat(byName.getString("refreshToken")).matches("[A-Za-z0-9_-]{43}");
        assertThat(byName.getJsonObject("user")).isEqualTo(user);
        assertThat(byEmail.getString("refreshToken")).isNotEqualTo(byName.getString("refreshToken"));

        HttpResponse<Buffer> me = server.get("/api/auth/me", byName.getString("accessToken"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getJsonObject("user")).isEqualTo(user);

        String first = byName.getString("refreshToken");
        HttpResponse<Buffer> rotated = refresh(first);
        assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
        String second = rotated.bodyAsJsonObject().getString("refreshToken");
        assertThat(second).isNotEqualTo(first);
        assertThat(server.get("/api/auth/me", rotated.bodyAsJsonObject().getString("accessToken"))
                        .statusCode())
                .isEqualTo(200);

        error(refresh(first), 401, "invalid_refresh_token");
        error(refresh(second), 401, "invalid_refresh_token"); // the reuse revoked the whole family
        assertThat(refresh(byEmail.getString("refreshToken")).statusCode())
                .as("another login's family is untouched")
                .isEqualTo(200);
    }

    @Test
    void loginSetsTheRefreshCookieAndRefreshAndLogoutWorkFromTheCookieAlone() throws Exception {
        String name = uniqueName("cookie");
        registered(name, name + "@example.org", PASSWORD);
        HttpResponse<Buffer> login = server.login(name, PASSWORD);
        String refreshToken = login.bodyAsJsonObject().getString("refreshToken");
        String setCookie = cookie(login);
        assertThat(setCookie)
                .startsWith("millrace_refresh=" + refreshToken + ";")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/api/auth")
                .contains("Max-Age=2592000")
                .doesNotContainIgnoringCase("Secure;")
                .doesNotEndWithIgnoringCase("Secure");

        HttpResponse<Buffer> refreshed = server.send(
                HttpMethod.POST,
                "/api/auth/refresh",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", "millrace_refresh=" + refreshToken),
                null);
        assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
        String next = refreshed.bodyAsJsonObject().getString("refreshToken");
        assertThat(cookie(refreshed)).startsWith("millrace_refresh=" + next + ";");

        HttpResponse<Buffer> logout = server.send(
                HttpMethod.POST,
                "/api/auth/logout",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", "millrace_refresh=" + next),
                null);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(cookie(logout)).startsWith("millrace_refresh=;").contains("Max-Age=0");
        HttpResponse<Buffer> afterLogout = server.send(
                HttpMethod.POST,
                "/api/auth/refresh",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", "millrace_refresh=" + next),
                null);
        error(afterLogout, 401, "invalid_refresh_token");
        assertThat(cookie(afterLogout)).as("a refused cookie is cleared").contains("Max-Age=0");
    }

    @Test
    void aTokenInTheBodyWinsOverTheCookie() throws Exception {
        String name = uniqueName("both");
        registered(name, name + "@example.org", PASSWORD);
        String good = loggedIn(name, PASSWORD).getString("refreshToken");
        HttpResponse<Buffer> response = server.send(
                HttpMethod.POST,
                "/api/auth/refresh",
                MultiMap.caseInsensitiveMultiMap().add("Cookie", "millrace_refresh=stale-value"),
                new JsonObject().put("refreshToken", good));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void logoutRevokesTheLoginAndIsIdempotent() throws Exception {
        String name = uniqueName("leaver");
        registered(name, name + "@example.org", PASSWORD);
        String token = loggedIn(name, PASSWORD).getString("refreshToken");
        assertThat(server.post("/api/auth/logout", new JsonObject().put("refreshToken", token))
                        .statusCode())
                .isEqualTo(204);
        error(refresh(token), 401, "invalid_refresh_token");
        assertThat(server.post("/api/auth/logout", new JsonObject().put("refreshToken", token))
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.post("/api/auth/logout", new JsonObject().put("refreshToken", "junk"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.post("/api/auth/logout", null).statusCode()).isEqualTo(204);
    }

    @Test
    void twoConcurrentRefreshesWithOneTokenDoNotBothSucceed() throws Exception {
        String name = uniqueName("racer");
        registered(name, name + "@example.org", PASSWORD);
        String token = loggedIn(name, PASSWORD).getString("refreshToken");
        JsonObject body = new JsonObject().put("refreshToken", token);
        List<Future<HttpResponse<Buffer>>> racing = List.of(
                server.client.post("/api/auth/refresh").sendJsonObject(body),
                server.client.post("/api/auth/refresh").sendJsonObject(body),
                server.client.post("/api/auth/refresh").sendJsonObject(body));
        Future.join(racing).await(30, TimeUnit.SECONDS);
        List<Integer> statuses =
                racing.stream().map(f -> f.result().statusCode()).sorted().toList();
        assertThat(statuses).containsExactly(200, 401, 401);
    }

    @Test
    void usernamesAndEmailsAreUniqueWhateverTheirCase() throws Exception {
        String name = uniqueName("Grace");
        registered(name, name + "@navy.example", PASSWORD);
        error(server.register(name.toUpperCase(), "other-" + name + "@navy.example", PASSWORD), 409, "username_taken");
        error(server.register("x" + name, name.toUpperCase() + "@NAVY.EXAMPLE", PASSWORD), 409, "email_taken");
    }

    @Test
    void invalidInputsAre400WithACode() throws Exception {
        error(server.register("ab", "ab@example.org", PASSWORD), 400, "invalid_username");
        error(server.register("bad name!", "bad@example.org", PASSWORD), 400, "invalid_username");
        error(server.register("x".repeat(33), "long@example.org", PASSWORD), 400, "invalid_username");
        error(server.register("valid_name", "not-an-email", PASSWORD), 400, "invalid_email");
        error(server.register("valid_name", "a@b", PASSWORD), 400, "invalid_email");
        String longest = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".org";
        assertThat(longest).hasSize(254);
        error(server.register("valid_name", longest.replace(".org", ".info"), PASSWORD), 400, "invalid_email");
        error(server.register("valid_name", "valid@example.org", "too short"), 400, "invalid_password");
        error(server.register("valid_name", "valid@example.org", "p".repeat(129)), 400, "invalid_password");
        error(
                server.post(
                        "/api/auth/register",
                        new JsonObject()
                                .put("username", "valid_name")
                                .put("email", "valid@example.org")
                                .put("password", 12345678901L)),
                400,
                "invalid_password");
        error(server.post("/api/auth/register", null), 400, "invalid_body");
        error(server.send(HttpMethod.POST, "/api/auth/register", null, "{oops"), 400, "invalid_json");
        error(server.post("/api/auth/login", new JsonObject().put("login", "someone")), 400, "missing_credentials");
        error(server.post("/api/auth/refresh", new JsonObject()), 400, "missing_refresh_token");
        assertThat(server.login("valid_name", PASSWORD).statusCode())
                .as("nothing was created")
                .isEqualTo(401);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        String name = uniqueName("known");
        registered(name, name + "@example.org", PASSWORD);
        JsonObject wrong = error(server.login(name, "not the password"), 401, "invalid_credentials");
        JsonObject unknown = error(server.login(uniqueName("nobody"), "not the password"), 401, "invalid_credentials");
        JsonObject unknownEmail = error(server.login("nobody@example.org", PASSWORD), 401, "invalid_credentials");
        wrong.remove("requestId");
        unknown.remove("requestId");
        unknownEmail.remove("requestId");
        assertThat(unknown).isEqualTo(wrong);
        assertThat(unknownEmail).isEqualTo(wrong);
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefusedOnMe() throws Exception {
        String name = uniqueName("target");
        String id = registered(name, name + "@example.org", PASSWORD).getString("id");
        long now = Instant.now().getEpochSecond();
        byte[] secret = server.config.jwtSecret();
        String valid = Jwts.sign("HS256", claims(id, name, now + 600, "millrace"), secret);
        assertThat(server.get("/api/auth/me", valid).statusCode())
                .as("the forging itself is right")
                .isEqualTo(200);

        error(server.get("/api/auth/me", null), 401, "unauthorized");
        error(
                server.get("/api/auth/me", Jwts.sign("HS256", claims(id, name, now - 60, "millrace"), secret)),
                401,
                "unauthorized");
        error(
                server.get(
                        "/api/auth/me",
                        Jwts.sign(
                                "HS256",
                                claims(id, name, now + 600, "millrace"),
                                "some-other-secret-of-32-characters-or-more".getBytes(StandardCharsets.UTF_8))),
                401,
                "unauthorized");
        error(
                server.get("/api/auth/me", Jwts.sign("none", claims(id, name, now + 600, "millrace"), null)),
                401,
                "unauthorized");
        error(
                server.get("/api/auth/me", Jwts.sign("HS256", claims(id, name, now + 600, "evil-issuer"), secret)),
                401,
                "unauthorized");
        String[] parts = valid.split("\\.");
        error(
                server.get("/api/auth/me", parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A"),
                401,
                "unauthorized");
        JsonObject forever = claims(id, name, now + 600, "millrace");
        forever.remove("exp");
        error(server.get("/api/auth/me", Jwts.sign("HS256", forever, secret)), 401, "unauthorized");
    }

    private static JsonObject claims(String subject, String name, long exp, String issuer) {
        return new JsonObject()
                .put("sub", subject)
                .put("name", name)
                .put("roles", new JsonArray().add("user"))
                .put("iss", issuer)
                .put("aud", "millrace")
                .put("iat", exp - 900)
                .put("exp", exp);
    }

    @Test
    void quotesAndSqlInValuesAreStoredAndComparedLiterally() throws Exception {
        String password = "O'Brien\"; DROP TABLE users;--";
        String email = "o'brien+" + NAMES.incrementAndGet() + "@example.org";
        String name = uniqueName("obrien");
        JsonObject user = registered(name, email, password);
        assertThat(user.getString("email")).isEqualTo(email);
        JsonObject session = loggedIn(email.toUpperCase(), password);
        assertThat(session.getJsonObject("user").getString("email")).isEqualTo(email);
        assertThat(server.login(email, "O'Brien\"; DROP TABLE users;-").statusCode())
                .isEqualTo(401);
        error(server.login("' OR '1'='1", "' OR '1'='1"), 401, "invalid_credentials");
        Row row = server.pool
                .query("SELECT count(*) FROM users")
                .execute()
                .await(10, TimeUnit.SECONDS)
                .iterator()
                .next();
        assertThat(row.getLong(0)).as("the table is still there").isPositive();
    }

    @Test
    void everyCharacterOfALongPasswordCounts() throws Exception {
        String shared = "x".repeat(100);
        String name = uniqueName("longpw");
        registered(name, name + "@example.org", shared + "-first");
        assertThat(server.login(name, shared + "-first").statusCode()).isEqualTo(200);
        error(server.login(name, shared + "-other"), 401, "invalid_credentials");
        String unicode = "ü".repeat(128); // 256 bytes of UTF-8, within the 128-character limit
        String other = uniqueName("unicode");
        registered(other, other + "@example.org", unicode);
        assertThat(server.login(other, unicode).statusCode()).isEqualTo(200);
    }

    @Test
    void storedPasswordsAreBcryptHashes() throws Exception {
        String name = uniqueName("hashed");
        registered(name, name + "@example.org", PASSWORD);
        Row row = server.pool
                .preparedQuery("SELECT password_hash FROM users WHERE username = $1")
                .execute(io.vertx.sqlclient.Tuple.of(name))
                .await(10, TimeUnit.SECONDS)
                .iterator()
                .next();
        assertThat(row.getString(0)).startsWith("$2b$10$").doesNotContain(PASSWORD);
        Row tokens = server.pool
                .query("SELECT count(*) FROM refresh_tokens WHERE octet_length(token_hash) <> 32")
                .execute()
                .await(10, TimeUnit.SECONDS)
                .iterator()
                .next();
        assertThat(tokens.getLong(0)).isZero();
    }
}
