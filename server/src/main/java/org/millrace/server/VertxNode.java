package org.millrace.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.ClusterSettings;
import org.millrace.core.metrics.VertxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x of one process and how it sees the cluster: a local event bus, or a Hazelcast member (see
 * {@link ClusteredVertx}) whose cluster carries the event bus between processes.
 */
final class VertxNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VertxNode.class);
    private static final long STOP_TIMEOUT_SECONDS = 20;

    private final Vertx vertx;
    private final ClusterMembership membership;
    /** Leaves the cluster (stops the Hazelcast member) after Vert.x closed; null with a local bus. */
    private final Runnable leaveCluster;

    VertxNode(Vertx vertx, ClusterMembership membership, Runnable leaveCluster) {
        this.vertx = vertx;
        this.membership = membership;
        this.leaveCluster = leaveCluster;
    }

    static VertxNode start(ClusterSettings cluster, MeterRegistry registry) {
        if (!cluster.clustered()) {
            return new VertxNode(VertxFactory.create(registry), new LocalMembership(), null);
        }
        return ClusteredVertx.start(cluster, registry);
    }

    Vertx vertx() {
        return vertx;
    }

    ClusterMembership membership() {
        return membership;
    }

    /** Closes Vert.x (leaving the event bus), then the Hazelcast member. */
    @Override
    public void close() {
        try {
            vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("while stopping Vert.x: {}", e.toString());
        }
        if (leaveCluster != null) {
            try {
                leaveCluster.run();
            } catch (RuntimeException e) {
                LOG.warn("while leaving the cluster: {}", e.toString());
            }
        }
    }
}
