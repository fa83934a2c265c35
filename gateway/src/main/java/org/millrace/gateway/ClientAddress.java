package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.millrace.core.config.TrustedProxies;

/**
 * The IP address of a request's client, worked out once when the request arrives: the TCP peer, or the client a
 * trusted proxy names in {@code X-Forwarded-For}. Rate limits and view counting use it; the internal routes do not
 * (they want the TCP peer itself).
 */
final class ClientAddress {
    private static final String KEY = "millrace.clientAddress";

    private ClientAddress() {}

    static Handler<RoutingContext> resolver(TrustedProxies proxies) {
        return ctx -> {
            if (!proxies.isEmpty()) {
                ctx.put(KEY, proxies.client(peer(ctx), ctx.request().getHeader("X-Forwarded-For")));
            }
            ctx.next();
        };
    }

    static String of(RoutingContext ctx) {
        String resolved = ctx.get(KEY);
        return resolved != null ? resolved : peer(ctx);
    }

    /** The TCP peer itself, whatever a proxy says (for the internal routes). */
    static String peer(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
