package org.millrace.ingest.srt;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.BusCodecs;

/**
 * Vert.x instances of one test JVM on a clustered event bus (Hazelcast over loopback, TCP-IP join on ports picked
 * for this test, multicast off, a cluster name of its own so other tests' members never join), so that each ingest
 * node of a test is its own instance, as it is its own process in production.
 */
final class ClusteredVertx {
    private final String name;
    private final List<String> members;
    private int started;

    private ClusteredVertx(String name, List<String> members) {
        this.name = name;
        this.members = members;
    }

    /** Room for {@code instances} members. */
    static ClusteredVertx forMembers(int instances) throws IOException {
        List<String> members = new java.util.ArrayList<>();
        for (int i = 0; i < instances; i++) {
            members.add("127.0.0.1:" + freeTcpPort());
        }
        return new ClusteredVertx("millrace-ingest-test-" + java.util.UUID.randomUUID(), List.copyOf(members));
    }

    /** The next member: a clustered Vert.x with the project's bus codecs and metrics into {@code registry}. */
    Vertx start(MeterRegistry registry) throws Exception {
        if (started >= members.size()) {
            throw new IllegalStateException("no room for another member");
        }
        String self = members.get(started++);
        Config hazelcast = new Config().setClusterName(name);
        hazelcast.setProperty("hazelcast.logging.type", "slf4j");
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = hazelcast.getNetworkConfig();
        network.setPort(Integer.parseInt(self.substring(self.indexOf(':') + 1))).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        VertxOptions options = new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true))
                .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
        Vertx vertx = Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(new HazelcastClusterManager(hazelcast))
                .buildClustered()
                .await(60, TimeUnit.SECONDS);
        BusCodecs.register(vertx.eventBus());
        return vertx;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
