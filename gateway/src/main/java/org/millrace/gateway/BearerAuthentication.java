package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;

/** Turns {@code Authorization: Bearer <access token>} into the caller's principal. */
public final class BearerAuthentication {
    private final AccessTokens tokens;

    public BearerAuthentication(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Empty when no token was presented; a failed future when one was presented and is not valid (a bad token is
     * never silently treated as anonymous).
     */
    public Future<Optional<Principal>> authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Future.succeededFuture(Optional.empty());
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Future.failedFuture("Authorization must be 'Bearer <token>'");
        }
        return tokens.verify(header.substring(7).strip()).map(Optional::of);
    }
}
