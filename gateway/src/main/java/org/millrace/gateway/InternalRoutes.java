package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.millrace.core.security.InternalApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal API, outside the public table: {@code POST /internal/videos/import} (the recorder's import into the
 * video library). Only loopback callers (unless remote ones are allowed) with the internal key get through; the
 * body then goes to the vod service exactly as a public route's would.
 */
final class InternalRoutes {
    static final String IMPORT = "/internal/videos/import";
    private static final Logger LOG = LoggerFactory.getLogger(InternalRoutes.class);

    private final InternalApiKey key;
    private final boolean allowRemote;

    /** @param allowRemote accept callers on other hosts (separate containers); loopback only otherwise */
    InternalRoutes(InternalApiKey key, boolean allowRemote) {
        this.key = key;
        this.allowRemote = allowRemote;
    }

    /** @param forward what serves a caller that passed both checks (a {@link BusRouteHandler} to the vod service) */
    void register(Router router, BodyHandler body, Handler<RoutingContext> forward) {
        // Two routes: Vert.x wants a body handler first on its route, and the checks must run before any body is
        // read, so a refused caller cannot make the gateway buffer a body first.
        router.post(IMPORT).handler(this::guard).handler(new JsonContentType());
        router.post(IMPORT).handler(body).handler(forward);
    }

    private void guard(RoutingContext ctx) {
        HttpServerMetrics.tagRoute(ctx, IMPORT);
        // Defence in depth: production nginx never routes /internal/, so only a caller inside the network gets
        // here; refusing other hosts too means a misconfigured proxy still exposes nothing. A refused host sees
        // the gateway's ordinary 404, as if there were no such path. The TCP peer, never X-Forwarded-For: a
        // forwarded request came through a proxy, which must not route here.
        if (!InternalCallers.allows(ClientAddress.peer(ctx), allowRemote)) {
            LOG.warn("request {}: internal call from a non-loopback address refused", RequestIds.of(ctx));
            ApiErrors.send(ctx, 404, "not_found", "no such resource: POST " + IMPORT);
            return;
        }
        // Constant-time comparison; the presented value is never logged.
        if (!key.matches(ctx.request().getHeader(InternalApiKey.HEADER))) {
            LOG.warn("request {}: internal call without a valid {}", RequestIds.of(ctx), InternalApiKey.HEADER);
            ApiErrors.send(ctx, 401, "unauthorized", "a valid " + InternalApiKey.HEADER + " header is required");
            return;
        }
        ctx.next();
    }
}
