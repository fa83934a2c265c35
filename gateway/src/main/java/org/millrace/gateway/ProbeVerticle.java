package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.NodeStatus;
import org.millrace.core.metrics.MetricsRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port of a process that runs no gateway: {@code GET /health} and {@code GET /metrics} only, so Kubernetes
 * probes and Prometheus reach every service the same way. Everything else is the contract's 404.
 */
public final class ProbeVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeVerticle.class);

    private final MillraceConfig config;
    private final List<HealthCheck> healthChecks;
    private final MetricsRegistry metrics;
    private final NodeStatus node;
    private HttpServer server;

    public ProbeVerticle(
            MillraceConfig config, List<HealthCheck> healthChecks, MetricsRegistry metrics, NodeStatus node) {
        this.config = config;
        this.healthChecks = List.copyOf(healthChecks);
        this.metrics = metrics;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(new RequestIds());
        router.route().handler(ClientAddress.resolver(config.trustedProxies()));
        router.get("/health").handler(new HealthHandler(healthChecks, node));
        router.get(MetricsEndpoint.PATH).handler(new MetricsEndpoint(metrics, config.metricsAllow()));
        router.route()
                .last()
                .handler(ctx -> ApiErrors.send(ctx, 404, "not_found", "this process serves only /health and /metrics"));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024)
                .setIdleTimeout(30));
        return server.requestHandler(router)
                .listen(config.httpPort(), config.httpHost())
                .onSuccess(s -> LOG.info("health and metrics on http://{}:{}", config.httpHost(), s.actualPort()));
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
