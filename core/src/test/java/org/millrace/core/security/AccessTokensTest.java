package org.millrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.millrace.core.testing.Jwts;

class AccessTokensTest {
    private static final byte[] SECRET = "an-hmac-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private Vertx vertx;
    private AccessTokens tokens;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tokens = new AccessTokens(vertx, SECRET, Duration.ofMinutes(15));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void issuedTokensVerifyToTheirPrincipal() throws Exception {
        Principal ada = new Principal("u-1", "ada", List.of("user", "admin"));
        assertThat(tokens.verify(tokens.issue(ada)).await(5, TimeUnit.SECONDS)).isEqualTo(ada);
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonObject good = claims(now + 600, "millrace");
        assertThat(tokens.verify(sign("HS256", good, SECRET))
                        .await(5, TimeUnit.SECONDS)
                        .userId())
                .isEqualTo("u-9");

        assertRefused(
                sign("HS256", good, "another-secret-of-at-least-32-characters!".getBytes(StandardCharsets.UTF_8)));
        assertRefused(sign("none", good, null));
        assertRefused(sign("HS256", claims(now - 60, "millrace"), SECRET));
        assertRefused(sign("HS256", claims(now + 600, "someone-else"), SECRET));
        assertRefused("not.a.jwt");
        assertRefused("");
        String token = tokens.issue(new Principal("u-1", "ada", List.of("user")));
        String[] parts = token.split("\\.");
        String escalated = b64(claims(now + 600, "millrace")
                .put("sub", "u-1")
                .put("roles", new io.vertx.core.json.JsonArray().add("admin"))
                .encode()
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + escalated + "." + parts[2]);
    }

    @Test
    void correctlySignedTokensWithoutExpiryIssueTimeOrSubjectAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertRefused(sign("HS256", without(claims(now + 600, "millrace"), "exp"), SECRET));
        assertRefused(sign("HS256", without(claims(now + 600, "millrace"), "iat"), SECRET));
        assertRefused(sign("HS256", without(claims(now + 600, "millrace"), "sub"), SECRET));
        assertRefused(sign("HS256", claims(now + 600, "millrace").put("sub", ""), SECRET));
        assertRefused(sign("HS256", claims(now + 600, "millrace").put("exp", "never"), SECRET));
        assertRefused(sign("HS256", claims(now + 600, "millrace").put("sub", 42), SECRET));
    }

    private void assertRefused(String token) throws Exception {
        assertThatThrownBy(() -> tokens.verify(token).await(5, TimeUnit.SECONDS))
                .isNotNull();
    }

    private static JsonObject without(JsonObject claims, String name) {
        claims.remove(name);
        return claims;
    }

    private static JsonObject claims(long exp, String issuer) {
        return new JsonObject()
                .put("sub", "u-9")
                .put("name", "eve")
                .put("roles", new io.vertx.core.json.JsonArray().add("user"))
                .put("iss", issuer)
                .put("aud", "millrace")
                .put("iat", exp - 900)
                .put("exp", exp);
    }

    private static String sign(String alg, JsonObject claims, byte[] secret) {
        return Jwts.sign(alg, claims, secret);
    }

    private static String b64(byte[] bytes) {
        return Jwts.b64(bytes);
    }
}
