package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The first check of every request: a control character in its URI (path or query, literal or percent-encoded)
 * gets a 400 in the contract's shape before any route, service or log sees it. (Netty already refuses one in a
 * header value with a bare 400.)
 */
final class InputGuard implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        if (ControlCharacters.inUri(ctx.request().uri())) {
            ApiErrors.send(ctx, 400, "invalid_characters", "the path or query string holds a control character");
            return;
        }
        ctx.next();
    }
}
