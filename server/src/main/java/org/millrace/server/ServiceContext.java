package org.millrace.server;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.NodeStatus;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.Storage;

/**
 * What the services of one process are wired with: its configuration, Vert.x, metrics, cluster membership, and the
 * database and storage when its services need them (empty otherwise, and then nothing asks for them).
 */
record ServiceContext(
        MillraceConfig config,
        Vertx vertx,
        MetricsRegistry metrics,
        ClusterMembership membership,
        Optional<DatabaseSettings> database,
        Optional<Storage> storage,
        List<HealthCheck> healthChecks) {
    private static final long DEPLOY_TIMEOUT_SECONDS = 60;

    ServiceContext {
        healthChecks = List.copyOf(healthChecks);
    }

    DatabaseSettings requireDatabase() {
        return database.orElseThrow(() -> new IllegalStateException("this process has no database"));
    }

    Storage requireStorage() {
        return storage.orElseThrow(() -> new IllegalStateException("this process has no storage"));
    }

    NodeStatus nodeStatus() {
        return new NodeStatus(config.services(), membership);
    }

    /** Deploys {@code verticle} and waits for it; the deployment id. */
    String deploy(Deployable verticle) {
        return await(vertx.deployVerticle(verticle));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(DEPLOY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (StartupException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("start-up step failed: " + e.getMessage(), e);
        }
    }
}
