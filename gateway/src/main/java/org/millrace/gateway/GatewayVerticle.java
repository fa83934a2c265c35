package org.millrace.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.NodeStatus;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.upload.UploadObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only public HTTP server: request ids, CORS, body limits, the API table routed over the event bus, health,
 * metrics, live and recorded HLS from storage, the internal import and the web player's static files, with every
 * error in the contract's JSON shape. It serves on {@code MILLRACE_HTTP_EVENT_LOOPS} event loops at once, one
 * {@link GatewayServer} each on the same port, so that one busy loop (or one the scheduler set aside for the
 * transcoder) does not hold up every viewer.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    /** What every event loop's server is built from; the same for all of them. */
    record Settings(
            MillraceConfig config,
            List<ApiRoute> routes,
            List<HealthCheck> healthChecks,
            MetricsRegistry metrics,
            String webRoot,
            Storage storage,
            NodeStatus node,
            LiveEdgeSettings liveEdges) {}

    private final Settings settings;
    private UploadObjects uploadObjects;
    private int actualPort;

    /**
     * @param webRoot classpath or file-system directory with the web app's {@code index.html} and assets
     * @param storage where the transcoder writes live HLS and the recorder videos, served under {@code /live} and
     *                {@code /vod}
     */
    public GatewayVerticle(
            MillraceConfig config,
            List<ApiRoute> routes,
            List<HealthCheck> healthChecks,
            MetricsRegistry metrics,
            String webRoot,
            Storage storage) {
        this(
                config,
                routes,
                healthChecks,
                metrics,
                webRoot,
                storage,
                new NodeStatus(config.services(), new LocalMembership()));
    }

    /** @param node what {@code /health} reports about this process: its services and cluster membership */
    public GatewayVerticle(
            MillraceConfig config,
            List<ApiRoute> routes,
            List<HealthCheck> healthChecks,
            MetricsRegistry metrics,
            String webRoot,
            Storage storage,
            NodeStatus node) {
        this(config, routes, healthChecks, metrics, webRoot, storage, node, LiveEdgeSettings.defaults());
    }

    /** @param liveEdges how live playlists are followed in memory for LL-HLS, and the bounds on it */
    public GatewayVerticle(
            MillraceConfig config,
            List<ApiRoute> routes,
            List<HealthCheck> healthChecks,
            MetricsRegistry metrics,
            String webRoot,
            Storage storage,
            NodeStatus node,
            LiveEdgeSettings liveEdges) {
        this.settings = new Settings(
                config,
                List.copyOf(routes),
                List.copyOf(healthChecks),
                metrics,
                webRoot,
                Objects.requireNonNull(storage, "storage"),
                Objects.requireNonNull(node, "node"),
                Objects.requireNonNull(liveEdges, "liveEdges"));
    }

    @Override
    public Future<?> start() {
        // Building an S3 client reads certificate stores: not on the event loop.
        return vertx.executeBlocking(this::uploadObjects, false).compose(objects -> {
            uploadObjects = objects;
            SharedGatewayState shared = SharedGatewayState.create(
                    vertx,
                    settings.config(),
                    settings.metrics(),
                    settings.storage(),
                    settings.liveEdges(),
                    settings.webRoot(),
                    objects);
            return serve(shared);
        });
    }

    /** Deploys one server per event loop, all on one port. */
    private Future<?> serve(SharedGatewayState shared) {
        MillraceConfig config = settings.config();
        int port = config.httpPort() != 0 ? config.httpPort() : sharedRandomPort();
        List<GatewayServer> servers = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(
                        () -> {
                            GatewayServer server = new GatewayServer(settings, shared, port, servers.size());
                            servers.add(server);
                            return server;
                        },
                        new DeploymentOptions().setInstances(config.httpEventLoops()))
                .onSuccess(id -> {
                    actualPort = servers.get(0).actualPort();
                    LOG.info(
                            "gateway listening on http://{}:{} on {} event loops",
                            config.httpHost(),
                            actualPort,
                            config.httpEventLoops());
                });
    }

    /**
     * For a configured port 0: Vert.x gives each server asking for port 0 a port of its own, and shares one random
     * port among the servers asking for the same negative port. The value is this deployment's, so two gateways in
     * one Vert.x (tests) do not share a socket.
     */
    private int sharedRandomPort() {
        return -(1 + (context.deploymentID().hashCode() & 0x3fffffff));
    }

    /** How this storage takes uploads; null when it cannot (a test's wrapped storage). */
    private UploadObjects uploadObjects() {
        MillraceConfig config = settings.config();
        try {
            return UploadObjects.of(config, settings.storage(), config.dataDir().resolve("upload-parts"));
        } catch (IllegalArgumentException unsupported) {
            LOG.info("no tus uploads: {}", unsupported.getMessage());
            return null;
        }
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int actualPort() {
        return actualPort;
    }

    @Override
    public Future<?> stop() {
        // The servers were deployed from start(): Vert.x has undeployed them before this runs.
        if (uploadObjects != null) {
            uploadObjects.close();
        }
        return Future.succeededFuture();
    }
}
