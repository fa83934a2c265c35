package org.millrace.server;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.ClusterSettings;
import org.millrace.core.config.ConfigVariable;
import org.millrace.core.metrics.VertxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clustered Vert.x: the Hazelcast member is started here first (so a taken port or an unreachable cluster is
 * named before anything else runs), then handed to Vert.x's cluster manager, which neither configures nor stops it.
 * Its own class so that a process with a local bus loads no Hazelcast class.
 */
final class ClusteredVertx {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredVertx.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    private ClusteredVertx() {}

    /** The node; its close stops the Hazelcast member after Vert.x, whose cluster manager leaves it running. */
    static VertxNode start(ClusterSettings cluster, MeterRegistry registry) {
        HazelcastInstance hazelcast = startHazelcast(cluster);
        try {
            requireJoined(cluster, hazelcast);
            EventBusOptions eventBus = new EventBusOptions()
                    .setHost(cluster.host())
                    .setPort(cluster.eventBusPort())
                    .setClusterPublicHost(cluster.publicHost());
            Vertx vertx;
            try {
                vertx = VertxFactory.createClustered(registry, new HazelcastClusterManager(hazelcast), eventBus)
                        .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (StartupException.isPortTaken(e)) {
                    throw new StartupException(
                            ConfigVariable.EVENTBUS_PORT.env() + ": port " + cluster.eventBusPort() + " on "
                                    + cluster.host() + " is already in use",
                            e);
                }
                throw new StartupException("the clustered event bus did not start: " + e.getMessage(), e);
            }
            HazelcastMembership membership = new HazelcastMembership(hazelcast);
            LOG.info(
                    "clustered event bus up: node {} of {} member(s)",
                    membership.localNodeId(),
                    membership.members().size());
            return new VertxNode(vertx, membership, hazelcast::shutdown);
        } catch (RuntimeException e) {
            hazelcast.getLifecycleService().terminate();
            throw e;
        }
    }

    private static HazelcastInstance startHazelcast(ClusterSettings cluster) {
        try {
            return Hazelcast.newHazelcastInstance(HazelcastConfigFactory.create(cluster));
        } catch (StartupException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StartupException.isPortTaken(e)) {
                throw new StartupException(
                        ConfigVariable.CLUSTER_PORT.env() + ": port " + cluster.port() + " on " + cluster.host()
                                + " is already in use",
                        e);
            }
            throw new StartupException(
                    "the Hazelcast member did not start (" + ConfigVariable.CLUSTER_HOST.env()
                            + "=" + cluster.host() + ", " + ConfigVariable.CLUSTER_PORT.env() + "=" + cluster.port()
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * A member that is not itself listed and is alone after the join found none of the listed members: running on
     * would split the cluster silently (its requests would answer 503 for services running elsewhere).
     */
    private static void requireJoined(ClusterSettings cluster, HazelcastInstance hazelcast) {
        if (cluster.members().isEmpty() || hazelcast.getCluster().getMembers().size() > 1) {
            return;
        }
        Address local = hazelcast.getCluster().getLocalMember().getAddress();
        if (!listsThisMember(cluster, local)) {
            throw new StartupException(ConfigVariable.CLUSTER_MEMBERS.env() + ": could not join any of "
                    + cluster.members() + " within " + HazelcastConfigFactory.JOIN_CONNECTION_TIMEOUT_SECONDS
                    + " s; start one of them first, or list this member (" + local.getHost() + ":" + local.getPort()
                    + ") to let it found the cluster");
        }
        LOG.info("first member of the cluster (no other listed member answered yet)");
    }

    private static boolean listsThisMember(ClusterSettings cluster, Address local) {
        Set<String> own = new HashSet<>();
        own.add(local.getHost());
        own.add(resolved(cluster.host()));
        own.add(resolved(cluster.publicHost()));
        for (String member : cluster.members()) {
            int colon = member.lastIndexOf(':');
            String host = member.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(member.substring(colon + 1));
            if (port == local.getPort() && own.contains(resolved(host))) {
                return true;
            }
        }
        return false;
    }

    private static String resolved(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
