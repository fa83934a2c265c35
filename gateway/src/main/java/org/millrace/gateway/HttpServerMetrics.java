package org.millrace.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The timers made so far: registering looks the meter up by a freshly built id, and did so on every request.
     * Bounded by what the tags can be (a few methods, the route templates, the status codes).
     */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private record Key(String method, String route, int status) {}

    HttpServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> timer(new Key(
                        MetricsRegistry.methodLabel(ctx.request().method().name()),
                        routeOf(ctx),
                        ctx.response().getStatusCode()))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    private Timer timer(Key key) {
        Timer timer = timers.get(key);
        return timer != null
                ? timer
                : timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                        .description("HTTP requests served by the gateway")
                        .tag("method", k.method())
                        .tag("route", k.route())
                        .tag("status", Integer.toString(k.status()))
                        .register(registry));
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
