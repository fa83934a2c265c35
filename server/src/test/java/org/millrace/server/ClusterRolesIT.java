package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.db.EmbeddedDatabase;

/**
 * The packaged jar as separate JVMs clustered over loopback: a gateway in one, auth, streams and vod in the other,
 * one real PostgreSQL server for both. Logins cross the JVMs over the clustered event bus; a SIGKILLed member is
 * noticed within seconds and its services answer 503 quickly; misconfigured starts exit naming the variable.
 */
class ClusterRolesIT {
    private static final String SECRET = "a-cluster-wide-jwt-secret-of-enough-length-0123456789";
    private static final String INTERNAL_KEY = "a-cluster-wide-internal-key-0123456789abcdef";
    private static final String PASSWORD = "a-long-cluster-password";

    @TempDir
    Path data;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedDatabase postgres;
    private String databaseUrl;

    @BeforeEach
    void startPostgres() {
        postgres = EmbeddedDatabase.start(data.resolve("postgres"));
        databaseUrl = "postgresql://postgres@127.0.0.1:" + postgres.settings(1).port() + "/postgres";
    }

    @AfterEach
    void stopPostgres() {
        postgres.close();
    }

    private Map<String, String> member(String services, int clusterPort, String members) {
        Map<String, String> env = new HashMap<>();
        env.put("MILLRACE_SERVICES", services);
        env.put("MILLRACE_DATABASE_URL", databaseUrl);
        env.put("MILLRACE_JWT_SECRET", SECRET);
        env.put("MILLRACE_INTERNAL_API_KEY", INTERNAL_KEY);
        env.put("MILLRACE_CLUSTER_MEMBERS", members);
        env.put("MILLRACE_CLUSTER_PORT", Integer.toString(clusterPort));
        return env;
    }

    @Test
    void aGatewayServesLoginsFromAnotherJvmNoticesItDyingAndAnswers503() throws Exception {
        int gatewayClusterPort = FreePorts.tcp();
        int servicesClusterPort = FreePorts.tcp();
        String members = "127.0.0.1:" + servicesClusterPort + ",127.0.0.1:" + gatewayClusterPort;
        try (ServerProcess services = ServerProcess.start(
                        data.resolve("services"), member("auth,streams,vod", servicesClusterPort, members));
                ServerProcess gateway =
                        ServerProcess.start(data.resolve("gateway"), member("gateway", gatewayClusterPort, members))) {
            JsonObject user = new JsonObject()
                    .put("username", "clustered")
                    .put("email", "c@example.org")
                    .put("password", PASSWORD);
            assertThat(send(gateway, "POST", "/api/auth/register", null, user).statusCode())
                    .isEqualTo(201);
            HttpResponse<String> login = send(
                    gateway,
                    "POST",
                    "/api/auth/login",
                    null,
                    new JsonObject().put("login", "clustered").put("password", PASSWORD));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String token = new JsonObject(login.body()).getString("accessToken");
            HttpResponse<String> me = send(gateway, "GET", "/api/auth/me", token, null);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"clustered\"");

            JsonObject gatewayHealth = health(gateway);
            assertThat(gatewayHealth.getJsonArray("services").getList()).containsExactly("gateway");
            assertThat(gatewayHealth.getJsonObject("cluster").getInteger("members"))
                    .isEqualTo(2);
            assertThat(gatewayHealth.getJsonObject("checks").fieldNames()).containsExactly("storage");
            JsonObject servicesHealth = health(services);
            assertThat(servicesHealth.getString("status")).isEqualTo("up");
            assertThat(servicesHealth.getJsonArray("services").getList()).containsExactly("auth", "streams", "vod");
            assertThat(servicesHealth.getJsonObject("cluster").getInteger("members"))
                    .isEqualTo(2);
            assertThat(servicesHealth.getJsonObject("checks").fieldNames())
                    .containsExactlyInAnyOrder("database", "storage");
            assertThat(gateway.log()).doesNotContain("embedded PostgreSQL").doesNotContain("migration");

            services.kill();
            long killed = System.nanoTime();
            // Sent before the gateway can know: it must not wait out the 30 s bus timeout.
            HttpResponse<String> inFlight = send(gateway, "GET", "/api/auth/me", token, null);
            Duration inFlightAnswered = Duration.ofNanos(System.nanoTime() - killed);
            while (health(gateway).getJsonObject("cluster").getInteger("members") != 1) {
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("member left noticed")
                        .isLessThan(Duration.ofSeconds(10));
                Thread.sleep(100);
            }
            Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
            long asked = System.nanoTime();
            HttpResponse<String> gone = send(gateway, "GET", "/api/auth/me", token, null);
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);
            System.out.printf(
                    "request at the kill answered %d after %d ms; member left noticed after %d ms;"
                            + " /api/auth/me then answered %d in %d ms%n",
                    inFlight.statusCode(),
                    inFlightAnswered.toMillis(),
                    noticed.toMillis(),
                    gone.statusCode(),
                    answeredIn.toMillis());
            assertThat(inFlight.statusCode()).as(inFlight.body()).isEqualTo(503);
            assertThat(inFlightAnswered).isLessThan(Duration.ofSeconds(10));
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(503);
            // At once, or (sent while Vert.x still drops the member's handlers) at the gateway's next look.
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(5));
            assertThat(health(gateway).getString("status"))
                    .as("the gateway itself stays up")
                    .isEqualTo("up");
        }
    }

    @Test
    void misconfiguredStartsExitNamingTheVariable() throws Exception {
        ServerProcess unknown =
                ServerProcess.runToExit(data.resolve("a"), Map.of("MILLRACE_SERVICES", "gateway,bogus"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.log()).contains("MILLRACE_SERVICES").contains("bogus");

        ServerProcess noDatabase = ServerProcess.runToExit(data.resolve("b"), Map.of("MILLRACE_SERVICES", "auth"));
        assertThat(noDatabase.exitCode()).isEqualTo(1);
        assertThat(noDatabase.log()).contains("MILLRACE_DATABASE_URL");
        assertThat(data.resolve("b/postgres")).doesNotExist();

        int nobody = FreePorts.tcp();
        Map<String, String> lonely = member("gateway", FreePorts.tcp(), "127.0.0.1:" + nobody);
        ServerProcess unreachable = ServerProcess.runToExit(data.resolve("c"), lonely);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.log()).contains("MILLRACE_CLUSTER_MEMBERS").contains("127.0.0.1:" + nobody);

        try (DatagramSocket srtTaken = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            ServerProcess srt = ServerProcess.runToExit(
                    data.resolve("d"),
                    Map.of(
                            "MILLRACE_SERVICES",
                            "ingest",
                            "MILLRACE_SRT_PORT",
                            Integer.toString(srtTaken.getLocalPort())));
            assertThat(srt.exitCode()).isEqualTo(1);
            assertThat(srt.log()).contains("MILLRACE_SRT_PORT");
        }

        int clusterPort = FreePorts.tcp();
        try (ServerProcess first =
                ServerProcess.start(data.resolve("e"), member("gateway", clusterPort, "127.0.0.1:" + clusterPort))) {
            Map<String, String> samePorts = member("gateway", clusterPort, "127.0.0.1:" + clusterPort);
            ServerProcess hazelcast = ServerProcess.runToExit(data.resolve("f"), samePorts);
            assertThat(hazelcast.exitCode()).isEqualTo(1);
            assertThat(hazelcast.log()).contains("MILLRACE_CLUSTER_PORT");

            ServerProcess httpTaken = ServerProcess.runToExit(
                    data.resolve("g"),
                    Map.of("MILLRACE_SERVICES", "gateway", "MILLRACE_HTTP_PORT", Integer.toString(first.port())));
            assertThat(httpTaken.exitCode()).isEqualTo(1);
            assertThat(httpTaken.log()).contains("MILLRACE_HTTP_PORT");
        }
    }

    private HttpResponse<String> send(ServerProcess server, String method, String path, String token, Object body)
            throws Exception {
        HttpRequest request = ApiClient.request("http://127.0.0.1:" + server.port() + path, method, token, body)
                .timeout(Duration.ofSeconds(40))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject health(ServerProcess server) throws Exception {
        return new JsonObject(send(server, "GET", "/health", null, null).body());
    }
}
