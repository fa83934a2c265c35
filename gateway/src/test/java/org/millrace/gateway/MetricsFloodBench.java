package org.millrace.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): what an unauthenticated flood of made-up HTTP methods and paths does to {@code /metrics}.
 * A real gateway on loopback serves a few ordinary requests, then {@code methods} made-up methods (each on an API
 * route, an unknown path and the web app) and {@code paths} made-up paths; prints the exposition's size and series
 * count before and after. Run by bench/gateway-metrics.sh.
 *
 * <p>Usage: {@code MetricsFloodBench methods paths}
 */
public final class MetricsFloodBench {
    public static void main(String[] args) throws Exception {
        int methods = Integer.parseInt(args[0]);
        int paths = Integer.parseInt(args[1]);
        Path data = Files.createTempDirectory("millrace-metrics-bench");
        try (EchoGateway gateway = new EchoGateway(data, Map.of())) {
            for (int i = 0; i < 5; i++) {
                send(gateway, HttpMethod.GET, "/api/things/1");
                send(gateway, HttpMethod.GET, "/");
                send(gateway, HttpMethod.GET, "/no/such/path");
            }
            String before = scrape(gateway);
            long start = System.nanoTime();
            for (int i = 0; i < methods; i++) {
                HttpMethod madeUp =
                        HttpMethod.valueOf("M" + Integer.toString(i, 36).toUpperCase() + "X");
                send(gateway, madeUp, "/api/things/1");
                send(gateway, madeUp, "/no/such/path");
                send(gateway, madeUp, "/");
            }
            for (int i = 0; i < paths; i++) {
                send(gateway, HttpMethod.GET, "/made-up/" + i);
            }
            long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String after = scrape(gateway);
            System.out.printf(
                    "flood: %d made-up methods x 3 paths + %d made-up paths in %d ms%n", methods, paths, floodMillis);
            System.out.printf("before: %,d bytes, %,d series%n", bytes(before), series(before));
            System.out.printf(
                    "after:  %,d bytes, %,d series (+%,d)%n",
                    bytes(after), series(after), series(after) - series(before));
        }
    }

    private static void send(EchoGateway gateway, HttpMethod method, String path) throws Exception {
        gateway.client.request(method, path).send().await(10, TimeUnit.SECONDS);
    }

    private static String scrape(EchoGateway gateway) throws Exception {
        HttpResponse<Buffer> response =
                gateway.client.request(HttpMethod.GET, "/metrics").send().await(10, TimeUnit.SECONDS);
        return response.bodyAsString();
    }

    private static int bytes(String exposition) {
        return exposition.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long series(String exposition) {
        return exposition
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .count();
    }
}
