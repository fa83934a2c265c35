package org.millrace.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.millrace.core.metrics.MetricsRegistry;

/**
 * Times each request as {@code http_server_requests_seconds} tagged by method (a made-up one as {@code OTHER}),
 * route template (never the raw path: both would explode cardinality) and status, next to Vert.x's own
 * {@code vertx_http_server_*} series.
 */
final class HttpServerMetrics implements Handler<RoutingContext> {
    private static final String ROUTE_KEY = "millrace.routeTemplate";
    private final MeterRegistry registry;

    HttpServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> Timer.builder("http.server.requests")
                .description("HTTP requests served by the gateway")
                .tag(
                        "method",
                        MetricsRegistry.methodLabel(ctx.request().method().name()))
                .tag("route", routeOf(ctx))
                .tag("status", Integer.toString(ctx.response().getStatusCode()))
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    /** Remembers which route template served the request, for the {@code route} tag. */
    static void tagRoute(RoutingContext ctx, String template) {
        ctx.put(ROUTE_KEY, template);
    }

    private static String routeOf(RoutingContext ctx) {
        String template = ctx.get(ROUTE_KEY);
        return template == null ? "other" : template;
    }
}
