package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.millrace.core.config.ClusterSettings;

class HazelcastConfigFactoryTest {

    @Test
    void tcpIpJoinsTheListedMembersOnTheConfiguredPortWithMulticastOff() {
        Config config = HazelcastConfigFactory.create(new ClusterSettings(
                List.of("10.0.0.1:5701", "10.0.0.2:5702"), Optional.empty(), 5702, "127.0.0.1", "10.0.0.2", 0));

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2:5702");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
        assertThat(config.getNetworkConfig().isPortAutoIncrement())
                .as("a taken port fails, never moves")
                .isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.0.0.2:5702");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getClusterName()).isEqualTo("millrace");
    }

    @Test
    void aMemberThatStopsAnsweringIsGoneWithinSecondsAndHazelcastStaysQuietAndOurs() {
        Config config = HazelcastConfigFactory.create(
                new ClusterSettings(List.of("127.0.0.1:5701"), Optional.empty(), 5701, "127.0.0.1", "127.0.0.1", 0));

        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(Integer.parseInt(config.getProperty("hazelcast.max.no.heartbeat.seconds")))
                .isBetween(2, 10);
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(Integer.parseInt(config.getProperty("hazelcast.merge.first.run.delay.seconds")))
                .isLessThan(60);
        // What Vert.x's cluster manager keeps its subscriptions and node infos in.
        assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType())
                .isEqualTo(MultiMapConfig.ValueCollectionType.SET);
        assertThat(config.getMapConfig("__vertx.nodeInfo").getBackupCount()).isEqualTo(1);
        // Vert.x's cluster manager, handed a running member, reads its node id from this attribute.
        assertThat(config.getMemberAttributeConfig().getAttribute("__vertx.nodeId"))
                .isNotBlank();
    }

    @Test
    void kubernetesModeDiscoversThePodsOfTheHeadlessServiceByDns() {
        Config config = HazelcastConfigFactory.create(new ClusterSettings(
                List.of(),
                Optional.of("millrace-cluster.default.svc.cluster.local"),
                5701,
                "0.0.0.0",
                "10.1.2.3",
                5702));

        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("millrace-cluster.default.svc.cluster.local");
        assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
        assertThat(config.getProperty("hazelcast.socket.bind.any"))
                .as("0.0.0.0 binds every interface")
                .isEqualTo("true");
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("10.1.2.3:5701");
    }

    @Test
    void refusesToBuildAClusterWhereNoneIsConfigured() {
        assertThatThrownBy(() -> HazelcastConfigFactory.create(ClusterSettings.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
