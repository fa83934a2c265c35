package org.millrace.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.millrace.core.config.ClusterSettings;
import org.millrace.core.config.ConfigVariable;

/**
 * The Hazelcast member configuration of a clustered process, built in code from {@link ClusterSettings} (no XML,
 * no multicast): TCP-IP discovery of the listed members or Kubernetes DNS discovery, one fixed member port, a
 * member that stops answering declared gone within seconds, and the maps Vert.x's cluster manager expects.
 */
final class HazelcastConfigFactory {
    static final String CLUSTER_NAME = "millrace";
    /** The member attribute Vert.x's cluster manager reads its node id from (set by it only when it starts Hazelcast). */
    static final String VERTX_NODE_ID = "__vertx.nodeId";
    /** Heartbeats every second; a member silent for this long is removed (Hazelcast's default is 60 s / 300 s). */
    static final int HEARTBEAT_SECONDS = 1;

    static final int MAX_NO_HEARTBEAT_SECONDS = 5;
    /** How long a TCP-IP join tries each listed member. */
    static final int JOIN_CONNECTION_TIMEOUT_SECONDS = 5;
    /** Two halves that formed apart (started at the same moment, or a healed partition) merge this soon. */
    static final int MERGE_DELAY_SECONDS = 10;

    private HazelcastConfigFactory() {}

    static Config create(ClusterSettings cluster) {
        if (!cluster.clustered()) {
            throw new IllegalArgumentException("no cluster is configured");
        }
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.getMemberAttributeConfig()
                .setAttribute(VERTX_NODE_ID, UUID.randomUUID().toString());
        property(config, ClusterProperty.PHONE_HOME_ENABLED, "false");
        property(config, ClusterProperty.LOGGING_TYPE, "slf4j");
        // The process closes Vert.x, then Hazelcast, in its own shutdown order.
        property(config, ClusterProperty.SHUTDOWNHOOK_ENABLED, "false");
        property(config, ClusterProperty.HEARTBEAT_INTERVAL_SECONDS, Integer.toString(HEARTBEAT_SECONDS));
        property(config, ClusterProperty.MAX_NO_HEARTBEAT_SECONDS, Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        // The master waits this long for more joiners before answering the first (default 5 s, up to 20 s).
        property(config, ClusterProperty.WAIT_SECONDS_BEFORE_JOIN, "1");
        property(config, ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN, "3");
        property(config, ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS, Integer.toString(MERGE_DELAY_SECONDS));
        property(config, ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS, Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.health.monitoring.level", "OFF");

        NetworkConfig network = config.getNetworkConfig();
        // Exactly the configured port: a taken port is a start-up error, not a silent move to the next one that
        // no member list names.
        network.setPort(cluster.port()).setPortAutoIncrement(false);
        network.setPublicAddress(hostPort(cluster.publicHost(), cluster.port()));
        String bindAddress = address(cluster.host(), ConfigVariable.CLUSTER_HOST);
        if (isWildcard(bindAddress)) {
            property(config, ClusterProperty.SOCKET_BIND_ANY, "true");
        } else {
            property(config, ClusterProperty.SOCKET_BIND_ANY, "false");
            network.getInterfaces().setEnabled(true).addInterface(bindAddress);
        }

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.kubernetesService().isPresent()) {
            join.getKubernetesConfig()
                    .setEnabled(true)
                    .setProperty("service-dns", cluster.kubernetesService().get())
                    .setProperty("service-port", Integer.toString(cluster.port()));
        } else {
            join.getTcpIpConfig()
                    .setEnabled(true)
                    .setMembers(cluster.members())
                    .setConnectionTimeoutSeconds(JOIN_CONNECTION_TIMEOUT_SECONDS);
        }

        // What Vert.x's default-cluster.xml declares: subscriptions as sets, one backup of everything.
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs")
                .setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }

    /** The numeric address of {@code host} (Hazelcast's interface list takes addresses, not names). */
    static String address(String host, ConfigVariable variable) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new StartupException(variable.env() + ": cannot resolve host '" + host + "'");
        }
    }

    private static boolean isWildcard(String address) {
        return "0.0.0.0".equals(address) || "0:0:0:0:0:0:0:0".equals(address);
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void property(Config config, HazelcastProperty property, String value) {
        config.setProperty(property.getName(), value);
    }
}
