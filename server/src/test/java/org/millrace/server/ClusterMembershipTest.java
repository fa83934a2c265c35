package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/**
 * Two clustered processes' worth of services in this JVM (two Hazelcast members over loopback): they see each
 * other, notice a departure, and refuse a cluster they cannot join. The separate-JVM proof is ClusterRolesIT.
 */
class ClusterMembershipTest {
    @TempDir
    Path data;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MillraceConfig config(String services, int clusterPort, String members) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR",
                data.toString(),
                "MILLRACE_HTTP_PORT",
                "0",
                "MILLRACE_HTTP_HOST",
                "127.0.0.1",
                "MILLRACE_SRT_PORT",
                "0",
                "MILLRACE_SERVICES",
                services,
                "MILLRACE_CLUSTER_PORT",
                Integer.toString(clusterPort),
                "MILLRACE_CLUSTER_MEMBERS",
                members));
        return new ConfigLoader(env).load();
    }

    @Test
    void twoMembersSeeEachOtherAndTheGatewayNoticesTheOtherLeaving() throws Exception {
        int gatewayPort = FreePorts.tcp();
        int ingestPort = FreePorts.tcp();
        String members = "127.0.0.1:" + gatewayPort + ",127.0.0.1:" + ingestPort;
        try (ServiceAssembly gateway = ServiceAssembly.start(config("gateway", gatewayPort, members))) {
            CopyOnWriteArrayList<String> left = new CopyOnWriteArrayList<>();
            gateway.membership().onMemberLeft(left::add);
            String ingestNode;
            try (ServiceAssembly ingest = ServiceAssembly.start(config("ingest", ingestPort, members))) {
                ingestNode = ingest.membership().localNodeId();
                assertThat(gateway.membership().members()).hasSize(2).contains(ingestNode);
                JsonObject cluster = health(gateway.httpPort()).getJsonObject("cluster");
                assertThat(cluster.getBoolean("clustered")).isTrue();
                assertThat(cluster.getInteger("members")).isEqualTo(2);
                assertThat(cluster.getString("nodeId"))
                        .isEqualTo(gateway.membership().localNodeId());
                assertThat(health(ingest.httpPort()).getJsonObject("cluster").getInteger("members"))
                        .isEqualTo(2);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!left.contains(ingestNode) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(left).containsExactly(ingestNode);
            assertThat(gateway.membership().members())
                    .containsExactly(gateway.membership().localNodeId());
        }
    }

    @Test
    void aMemberThatIsNotListedAndReachesNoListedMemberStopsNamingTheVariable() throws Exception {
        int nobody = FreePorts.tcp();
        int own = FreePorts.tcp();
        assertThatThrownBy(() -> ServiceAssembly.start(config("gateway", own, "127.0.0.1:" + nobody)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("MILLRACE_CLUSTER_MEMBERS")
                .hasMessageContaining("127.0.0.1:" + nobody);
    }

    @Test
    void aTakenClusterPortStopsTheStartNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ServiceAssembly.start(config("gateway", port, "127.0.0.1:" + port)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MILLRACE_CLUSTER_PORT")
                    .hasMessageContaining(Integer.toString(port));
        }
    }

    private JsonObject health(int port) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }
}
