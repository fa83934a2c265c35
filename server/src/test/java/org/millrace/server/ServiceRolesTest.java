package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.PublisherStats;
import org.millrace.core.bus.PublisherStatsQuery;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/** Processes that run some of the services, in this JVM: what they start, what they answer, how they refuse. */
class ServiceRolesTest {
    @TempDir
    Path data;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MillraceConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR",
                data.toString(),
                "MILLRACE_HTTP_PORT",
                "0",
                "MILLRACE_HTTP_HOST",
                "127.0.0.1",
                "MILLRACE_SRT_PORT",
                "0"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return new ConfigLoader(env).load();
    }

    @Test
    void aGatewayAloneStartsNoDatabaseReportsItselfAndAnswers503ForServicesItLacks() throws Exception {
        MillraceConfig config = config("MILLRACE_SERVICES", "gateway");
        try (ServiceAssembly gateway = ServiceAssembly.start(config);
                ApiClient api = new ApiClient(config, gateway.httpPort())) {
            assertThat(gateway.database()).isEmpty();
            assertThat(data.resolve("postgres")).doesNotExist();
            JsonObject health = json(get(gateway.httpPort(), "/health"));
            assertThat(health.getString("status")).isEqualTo("up");
            assertThat(health.getJsonObject("checks").fieldNames()).containsExactly("storage");
            assertThat(health.getJsonArray("services").getList()).containsExactly("gateway");
            assertThat(health.getJsonObject("cluster").getBoolean("clustered")).isFalse();
            assertThat(health.getJsonObject("cluster").getInteger("members")).isEqualTo(1);

            long start = System.nanoTime();
            HttpResponse<String> me = api.get("/api/auth/me", api.token("u-1", "alice"));
            assertThat(me.statusCode()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void anIngestAloneKeepsHealthAndMetricsOnItsHttpPortAndNothingElse() throws Exception {
        try (ServiceAssembly ingest = ServiceAssembly.start(config("MILLRACE_SERVICES", "ingest"))) {
            assertThat(ingest.srtPort()).isPositive();
            JsonObject health = json(get(ingest.httpPort(), "/health"));
            assertThat(health.getString("status")).isEqualTo("up");
            assertThat(health.getJsonObject("checks").fieldNames()).containsExactly("storage");
            assertThat(health.getJsonArray("services").getList()).containsExactly("ingest");
            HttpResponse<String> metrics = get(ingest.httpPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            assertThat(get(ingest.httpPort(), "/api/auth/me").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anIngestAnswersForTheNodeItsMembershipNames() throws Exception {
        try (ServiceAssembly ingest = ServiceAssembly.start(config("MILLRACE_SERVICES", "ingest"))) {
            // The streams service asks the node holding a publisher at its own address: the membership's node id.
            String address = Addresses.ingestLiveStats(ingest.membership().localNodeId());
            ServiceResponse answer = ingest.vertx()
                    .eventBus()
                    .<ServiceResponse>request(
                            address,
                            new ServiceRequest(
                                    "t", Map.of(), Map.of(), new PublisherStatsQuery("st-1").toJson(), null, null),
                            new DeliveryOptions().setSendTimeout(5_000))
                    .await(10, TimeUnit.SECONDS)
                    .body();
            assertThat(PublisherStats.fromJson((JsonObject) answer.body()).connected())
                    .isFalse();
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ServiceAssembly.start(config(
                            "MILLRACE_SERVICES",
                            "gateway",
                            "MILLRACE_HTTP_PORT",
                            Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MILLRACE_HTTP_PORT")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> ServiceAssembly.start(config(
                            "MILLRACE_SERVICES",
                            "ingest",
                            "MILLRACE_HTTP_PORT",
                            Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MILLRACE_HTTP_PORT");
        }
    }

    @Test
    void aTakenSrtPortStopsTheStartNamingTheVariable() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            assertThatThrownBy(() -> ServiceAssembly.start(config(
                            "MILLRACE_SERVICES",
                            "ingest",
                            "MILLRACE_SRT_PORT",
                            Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MILLRACE_SRT_PORT")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void anUnreachableDatabaseStopsTheStartNamingTheVariable() throws Exception {
        int closed = FreePorts.tcp();
        assertThatThrownBy(() -> ServiceAssembly.start(config(
                        "MILLRACE_SERVICES",
                        "auth",
                        "MILLRACE_DATABASE_URL",
                        "postgresql://millrace@127.0.0.1:" + closed + "/millrace")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("MILLRACE_DATABASE_URL")
                .hasMessageContaining("127.0.0.1:" + closed);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }
}
