// Benchmark helper (issue 13): event-bus request/reply round trips with the services' own message records
// (ServiceRequest out, ServiceResponse back), one at a time, in one JVM or between two clustered JVMs over loopback.
// Usage (from the repository root, after packaging):
//   java -cp server/target/millrace-server.jar bench/BusRoundTrip.java local <requests>
//   java -cp server/target/millrace-server.jar bench/BusRoundTrip.java echo <port> <members>
//   java -cp server/target/millrace-server.jar bench/BusRoundTrip.java ping <port> <members> <requests>
// Prints p50/p90/p99/max in microseconds after a warm-up of a fifth of the requests.
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.metrics.VertxFactory;

import com.hazelcast.config.Config;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

public class BusRoundTrip {
    private static final String ADDRESS = "bench.echo";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "local" -> {
                Vertx vertx = VertxFactory.create(new SimpleMeterRegistry());
                echo(vertx);
                ping(vertx, Integer.parseInt(args[1]));
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            case "echo" -> {
                echo(clustered(Integer.parseInt(args[1]), args[2]));
                System.out.println("ECHO READY");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "ping" -> {
                Vertx vertx = clustered(Integer.parseInt(args[1]), args[2]);
                // Wait until the echo's registration is visible here.
                while (true) {
                    try {
                        vertx.eventBus().request(ADDRESS, request()).await(2, TimeUnit.SECONDS);
                        break;
                    } catch (Exception notYet) {
                        Thread.sleep(200);
                    }
                }
                ping(vertx, Integer.parseInt(args[3]));
                System.exit(0);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static Vertx clustered(int port, String members) throws Exception {
        Config config = new Config().setClusterName("millrace-bench");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(List.of(members.split(",")));
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return VertxFactory.createClustered(new SimpleMeterRegistry(), new HazelcastClusterManager(config),
                new EventBusOptions().setHost("127.0.0.1")).await(60, TimeUnit.SECONDS);
    }

    private static void echo(Vertx vertx) {
        vertx.eventBus().<ServiceRequest>consumer(ADDRESS, message -> message.reply(ServiceResponse.ok(
                new JsonObject().put("user", new JsonObject().put("id", "u-1").put("username", "bench")))));
    }

    private static ServiceRequest request() {
        return new ServiceRequest("bench-request-id", Map.of(), Map.of(), null, null, "127.0.0.1");
    }

    private static void ping(Vertx vertx, int requests) throws Exception {
        int warmUp = requests / 5;
        long[] micros = new long[requests];
        for (int i = 0; i < warmUp + requests; i++) {
            long start = System.nanoTime();
            vertx.eventBus().request(ADDRESS, request()).await(5, TimeUnit.SECONDS);
            if (i >= warmUp) {
                micros[i - warmUp] = (System.nanoTime() - start) / 1_000;
            }
        }
        Arrays.sort(micros);
        System.out.printf("round trips: %d  p50 %d us  p90 %d us  p99 %d us  max %d us%n", requests,
                micros[requests / 2], micros[requests * 9 / 10], micros[requests * 99 / 100], micros[requests - 1]);
    }
}
