package org.millrace.server;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.ServiceRole;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.StorageHealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services {@code MILLRACE_SERVICES} names, started in one process in dependency order: the database and
 * storage they need (nothing else), Vert.x (clustered when configured), then auth, streams, vod, uploads, ingest, the
 * gateway (or the probe server), the recorder and the transcode worker. {@link #close()} stops them newest first, the
 * database last.
 * Each role's wiring lives in its own class, so a process loads only the classes of the roles it runs.
 */
public final class ServiceAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAssembly.class);
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private DatabaseRuntime database;
    private ClusterMembership membership;
    private Vertx vertx;
    private int httpPort;
    private int srtPort = -1;
    private boolean closed;

    private ServiceAssembly() {}

    /**
     * @throws StartupException when the configuration cannot work (its message names the variable)
     */
    public static ServiceAssembly start(MillraceConfig config) {
        ServiceAssembly assembly = new ServiceAssembly();
        try {
            assembly.startAll(config);
            return assembly;
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    private void startAll(MillraceConfig config) {
        ServicePlan plan = ServicePlan.of(config);
        LOG.info(
                "starting Millrace services {} with {}",
                config.services().stream().sorted().map(ServiceRole::configName).toList(),
                config);
        Optional<DatabaseSettings> db = Optional.empty();
        if (plan.needsDatabase()) {
            database = DatabaseRuntime.start(config, plan);
            db = Optional.of(database.settings());
        }
        Optional<Storage> storage = Optional.empty();
        if (plan.needsStorage()) {
            Storage s = StorageFactory.create(config);
            resources.add(s);
            LOG.info("storage: {}", s.describe());
            storage = Optional.of(s);
        }

        MetricsRegistry metrics = new MetricsRegistry();
        resources.add(metrics);
        VertxNode node = VertxNode.start(config.cluster(), metrics.registry());
        resources.add(node);
        membership = node.membership();
        vertx = node.vertx();

        List<HealthCheck> health = new ArrayList<>();
        if (database != null) {
            health.add(database.healthCheck(node.vertx(), HEALTH_CHECK_TIMEOUT));
        }
        storage.ifPresent(s -> health.add(new StorageHealthCheck(node.vertx(), s, HEALTH_CHECK_TIMEOUT)));
        ServiceContext ctx = new ServiceContext(config, node.vertx(), metrics, membership, db, storage, health);

        if (plan.runs(ServiceRole.AUTH)) {
            AuthRole.deploy(ctx);
        }
        if (plan.runs(ServiceRole.STREAMS)) {
            StreamsRole.deploy(ctx);
        }
        if (plan.runs(ServiceRole.VOD)) {
            VodRole.deploy(ctx);
        }
        if (plan.runs(ServiceRole.UPLOADS)) {
            UploadsRole.deploy(ctx);
        }
        if (plan.runs(ServiceRole.INGEST)) {
            IngestRole.DeployedIngest ingest = IngestRole.deploy(ctx);
            srtPort = ingest.srtPort();
            // Stopped before Vert.x, while the streams service can still record each publisher's departure.
            resources.add(ingest.stop());
        }
        if (plan.runs(ServiceRole.GATEWAY)) {
            httpPort = GatewayRole.deployGateway(ctx);
        } else {
            httpPort = GatewayRole.deployProbes(ctx);
        }
        // After the gateway: the recorder imports through its HTTP port unless another import URL is configured.
        if (plan.runs(ServiceRole.RECORDER)) {
            RecorderRole.deploy(ctx, plan.runs(ServiceRole.GATEWAY) ? httpPort : 0);
        }
        // Likewise: the transcode worker imports each upload's video through the gateway unless told otherwise.
        if (plan.runs(ServiceRole.TRANSCODE)) {
            TranscodeRole.deploy(ctx, plan.runs(ServiceRole.GATEWAY) ? httpPort : 0);
        }
    }

    /** Where the database is (the embedded one's port is chosen at start); empty with no database duty. */
    public Optional<DatabaseSettings> database() {
        return Optional.ofNullable(database).map(DatabaseRuntime::settings);
    }

    /** The HTTP port: the gateway's, or the probe server's in a process without a gateway. */
    public int httpPort() {
        return httpPort;
    }

    /** The SRT ingest's UDP port (the real one when configured with 0). */
    public int srtPort() {
        if (srtPort < 0) {
            throw new IllegalStateException("this process runs no ingest");
        }
        return srtPort;
    }

    public ClusterMembership membership() {
        return membership;
    }

    /** The process's Vert.x (its event bus), for tests that speak to the services as another service would. */
    Vertx vertx() {
        return vertx;
    }

    /** Stops everything, newest first, then the database; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        if (database != null) {
            database.close();
        }
        LOG.info("Millrace stopped");
    }
}
