package org.millrace.server;

import java.time.Duration;
import org.millrace.auth.AuthSettings;
import org.millrace.auth.AuthVerticle;
import org.millrace.core.db.Database;
import org.millrace.core.security.AccessTokens;

/** The {@code auth} service: accounts, logins and tokens, on its own database pool. */
final class AuthRole {
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private AuthRole() {}

    static void deploy(ServiceContext ctx) {
        AccessTokens accessTokens = new AccessTokens(ctx.vertx(), ctx.config().jwtSecret(), ACCESS_TOKEN_LIFETIME);
        ctx.deploy(new AuthVerticle(
                Database.pool(ctx.vertx(), ctx.requireDatabase()),
                accessTokens,
                AuthSettings.from(ctx.config().loginLimits())));
    }
}
