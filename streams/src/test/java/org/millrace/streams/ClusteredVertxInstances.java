package org.millrace.streams;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.BusCodecs;

/**
 * Clustered Vert.x instances for tests: Hazelcast members on loopback (TCP-IP discovery, multicast off), in a
 * cluster of their own name, so the event bus between them is the real clustered one (messages encoded on the wire).
 */
final class ClusteredVertxInstances {
    private final String name = "millrace-test-" + UUID.randomUUID();
    private final int basePort = 16_000 + ThreadLocalRandom.current().nextInt(4_000);

    /** A new member. */
    Vertx join() throws Exception {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(name);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(basePort).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1"); // tried on every port of the range
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
                .withClusterManager(new HazelcastClusterManager(config))
                .buildClustered()
                .await(120, TimeUnit.SECONDS);
        BusCodecs.register(vertx.eventBus());
        return vertx;
    }
}
