package org.millrace.server;

import org.millrace.core.config.ConfigVariable;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.LiveEdgeSettings;
import org.millrace.gateway.ProbeVerticle;
import org.millrace.gateway.PublicApi;

/**
 * The HTTP port of a process: the {@code gateway} service (the public API, HLS, the web app) when it runs one,
 * else the probe server ({@code /health}, {@code /metrics}) that every process keeps for Kubernetes and Prometheus.
 */
final class GatewayRole {
    private GatewayRole() {}

    /** Deploys the gateway; the HTTP port it bound. */
    static int deployGateway(ServiceContext ctx) {
        GatewayVerticle gateway = new GatewayVerticle(
                ctx.config(),
                PublicApi.routes(),
                ctx.healthChecks(),
                ctx.metrics(),
                "webroot",
                ctx.requireStorage(),
                ctx.nodeStatus(),
                // PART-TARGET is rendered by the gateway: it must be the part target the transcoder cuts with.
                LiveEdgeSettings.defaults().withLiveHls(ctx.config().liveHls()));
        deploy(ctx, gateway);
        return gateway.actualPort();
    }

    /** Deploys the probe server; the HTTP port it bound. */
    static int deployProbes(ServiceContext ctx) {
        ProbeVerticle probes = new ProbeVerticle(ctx.config(), ctx.healthChecks(), ctx.metrics(), ctx.nodeStatus());
        deploy(ctx, probes);
        return probes.actualPort();
    }

    private static void deploy(ServiceContext ctx, io.vertx.core.Deployable verticle) {
        try {
            ctx.deploy(verticle);
        } catch (IllegalStateException e) {
            if (StartupException.isPortTaken(e)) {
                throw new StartupException(
                        ConfigVariable.HTTP_PORT.env() + ": port "
                                + ctx.config().httpPort() + " on "
                                + ctx.config().httpHost() + " is already in use",
                        e);
            }
            throw e;
        }
    }
}
