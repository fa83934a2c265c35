package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.millrace.core.config.AddressRanges;
import org.millrace.core.metrics.MetricsRegistry;

/**
 * {@code GET /metrics} in Prometheus text, for the clients {@code MILLRACE_METRICS_ALLOW} names (loopback by
 * default). Everyone else sees the ordinary 404, as if there were no such path: the series describe the whole
 * server, and scraping them costs more than any other request.
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
    static final String PATH = "/metrics";

    private final MetricsRegistry metrics;
    private final AddressRanges allowed;

    MetricsEndpoint(MetricsRegistry metrics, AddressRanges allowed) {
        this.metrics = metrics;
        this.allowed = allowed;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerMetrics.tagRoute(ctx, PATH);
        // The client as the trusted proxies name it: a proxy on loopback does not make its clients loopback ones.
        if (!allowed.contains(ClientAddress.of(ctx))) {
            ApiErrors.send(ctx, 404, "not_found", "no such resource: GET " + PATH);
            return;
        }
        ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        GzipAnswers.end(ctx, Buffer.buffer(metrics.scrape()));
    }
}
