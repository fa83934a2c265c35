package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.security.Principal;

/**
 * Serves one {@link ApiRoute}: authenticates, turns the HTTP request into a {@link ServiceRequest}, asks the
 * service over the event bus, and writes its answer or error back as JSON.
 */
final class BusRouteHandler implements Handler<RoutingContext> {
    private final ApiRoute route;
    private final ServiceRequests bus;
    private final BearerAuthentication authentication;
    private final DeliveryOptions delivery;
    private final RefreshCookies cookies;

    BusRouteHandler(
            ApiRoute route,
            ServiceRequests bus,
            BearerAuthentication authentication,
            RefreshCookies cookies,
            Duration timeout) {
        this.route = route;
        this.bus = bus;
        this.authentication = authentication;
        this.cookies = cookies;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    }

    @Override
    public void handle(RoutingContext ctx) {
        Object body;
        Map<String, List<String>> query;
        try {
            query = query(ctx);
            body = cookies.requestBody(
                    ctx, route.refreshCookie(), parseBody(ctx.body().buffer()));
        } catch (ServiceException e) {
            ApiErrors.send(ctx, e);
            return;
        }
        caller(ctx)
                .compose(principal -> bus.<ServiceResponse>request(
                        route.address(),
                        new ServiceRequest(
                                RequestIds.of(ctx),
                                ctx.pathParams(),
                                query,
                                body,
                                principal.orElse(null),
                                ClientAddress.of(ctx)),
                        delivery))
                .onSuccess(reply -> {
                    cookies.onSuccess(ctx, route.refreshCookie(), reply.body().body());
                    write(ctx, reply.body());
                })
                .onFailure(failure -> {
                    ServiceException error = ServiceException.fromReply(failure);
                    cookies.onFailure(ctx, route.refreshCookie(), error.status());
                    ApiErrors.send(ctx, error);
                });
    }

    private Future<Optional<Principal>> caller(RoutingContext ctx) {
        if (route.access() == Access.PUBLIC) {
            return Future.succeededFuture(Optional.empty());
        }
        return authentication
                .authenticate(ctx)
                .recover(invalid ->
                        Future.failedFuture(ServiceException.unauthorized("the access token is invalid or expired")))
                .compose(principal -> {
                    if (principal.isEmpty() && route.access() == Access.AUTHENTICATED) {
                        return Future.failedFuture(ServiceException.unauthorized("an access token is required"));
                    }
                    return Future.succeededFuture(principal);
                });
    }

    private static Object parseBody(Buffer raw) {
        if (raw == null || raw.length() == 0) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(raw);
        } catch (DecodeException e) {
            throw ServiceException.badRequest("invalid_json", "the request body is not valid JSON");
        }
        if (!(parsed instanceof JsonObject || parsed instanceof JsonArray)) {
            throw ServiceException.badRequest("invalid_json", "the request body must be a JSON object or array");
        }
        ControlCharacters.requireNoneInBody(parsed);
        return parsed;
    }

    private static Map<String, List<String>> query(RoutingContext ctx) {
        Map<String, List<String>> query = new HashMap<>();
        try {
            for (String name : ctx.queryParams().names()) {
                query.put(name, ctx.queryParams().getAll(name));
            }
        } catch (IllegalArgumentException malformed) {
            // e.g. a broken percent-escape such as ?cursor=%%%
            throw ServiceException.badRequest("invalid_query", "the query string is not validly encoded");
        }
        return query;
    }

    private static void write(RoutingContext ctx, ServiceResponse response) {
        ctx.response().setStatusCode(response.status()).putHeader("Cache-Control", "no-store");
        if (response.body() == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json; charset=utf-8");
            GzipAnswers.end(
                    ctx,
                    (response.body() instanceof JsonObject o)
                            ? o.toBuffer()
                            : ((JsonArray) response.body()).toBuffer());
        }
    }
}
