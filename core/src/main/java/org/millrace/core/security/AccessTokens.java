package org.millrace.core.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.List;

/**
 * Issues and verifies the short-lived JWT access tokens (HS256, issuer and audience {@code millrace}) that the
 * gateway checks on every protected route. Only HS256 with our secret verifies: {@code alg: none}, other keys,
 * other issuers, expired tokens and tokens without an expiry, issue time or subject do not.
 */
public final class AccessTokens {
    public static final String ISSUER = "millrace";
    public static final String AUDIENCE = "millrace";

    private final JWTAuth jwt;
    private final Duration lifetime;

    public AccessTokens(Vertx vertx, byte[] secret, Duration lifetime) {
        this.lifetime = lifetime;
        this.jwt = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("HS256")
                                .setBuffer(io.vertx.core.buffer.Buffer.buffer(secret)
                                        .toString()))
                        .setJWTOptions(new JWTOptions()
                                .setIssuer(ISSUER)
                                .setAudience(List.of(AUDIENCE))
                                .setAlgorithm("HS256")));
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(Principal principal) {
        JsonObject claims =
                new JsonObject().put("name", principal.username()).put("roles", new JsonArray(principal.roles()));
        return jwt.generateToken(
                claims,
                new JWTOptions()
                        .setAlgorithm("HS256")
                        .setSubject(principal.userId())
                        .setIssuer(ISSUER)
                        .setAudience(List.of(AUDIENCE))
                        .setExpiresInSeconds((int) lifetime.toSeconds()));
    }

    /** The principal of a valid token; a failed future for anything else. */
    public Future<Principal> verify(String token) {
        return jwt.authenticate(new TokenCredentials(token)).map(user -> {
            JsonObject claims = user.principal();
            // The JWT library checks exp and iat only when present: a token without them would never expire.
            JsonObject payload = user.attributes().getJsonObject("accessToken", new JsonObject());
            if (!(payload.getValue("exp") instanceof Number) || !(payload.getValue("iat") instanceof Number)) {
                throw new IllegalArgumentException("token lacks exp or iat");
            }
            String subject = claims.getValue("sub") instanceof String s ? s : null;
            String name = claims.getValue("name") instanceof String n ? n : null;
            if (subject == null || subject.isEmpty() || name == null) {
                throw new IllegalArgumentException("token lacks subject or name");
            }
            JsonArray roles = claims.getJsonArray("roles", new JsonArray());
            return new Principal(
                    subject, name, roles.stream().map(String::valueOf).toList());
        });
    }
}
