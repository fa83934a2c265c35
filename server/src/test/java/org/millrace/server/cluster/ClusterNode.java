package org.millrace.server.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Millrace process of a test cluster: the packaged jar started with {@code java -jar} and the services it runs
 * ({@code MILLRACE_SERVICES}), on fixed loopback ports, its output in a log file.
 */
public final class ClusterNode implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int srtPort;

    private ClusterNode(String name, Process process, Path log, int httpPort, int srtPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.srtPort = srtPort;
    }

    /** The nodes' logback configuration (a test resource: Hazelcast's partition repair logged too). */
    private static final String LOG_CONFIG = logConfig();

    private static String logConfig() {
        try {
            return Path.of(ClusterNode.class
                            .getResource("/cluster-node-logback.xml")
                            .toURI())
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException("cluster-node-logback.xml is not a test resource", e);
        }
    }

    /**
     * Starts {@code java -Xmx<heapMb>m -jar jar} with {@code env} on top of the ports and the data directory;
     * answers at once (see {@link #awaitHealthy}).
     */
    static ClusterNode start(
            Path jar, String name, Path dir, int heapMb, int httpPort, int srtPort, Map<String, String> env)
            throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dlogback.configurationFile=" + LOG_CONFIG,
                "-jar",
                jar.toString()));
        // Appended to: a node started again (the same process after a crash) continues its log.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MILLRACE_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("MILLRACE_HTTP_HOST", "127.0.0.1");
        builder.environment().put("MILLRACE_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("MILLRACE_SRT_PORT", Integer.toString(srtPort));
        builder.environment().putAll(env);
        return new ClusterNode(name, builder.start(), log, httpPort, srtPort);
    }

    /** The same process started again (same ports, data directory and environment), e.g. after {@link #kill()}. */
    ClusterNode startAgain(Path jar, Path dir, int heapMb, Map<String, String> env) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        return start(jar, name, dir, heapMb, httpPort, srtPort, env);
    }

    /** Waits until {@code /health} answers 200; fails with the log if the process exits or the time runs out. */
    void awaitHealthy(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited (" + process.exitValue() + ") before it was healthy:\n" + logTail(60));
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not healthy within " + limit + ":\n" + logTail(60));
            }
            Thread.sleep(250);
        }
    }

    /** This process's own {@code /health} answer (services, cluster membership). */
    JsonObject health() throws Exception {
        return new JsonObject(get("/health").body());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL, as a crash or an OOM kill: nothing is closed, nobody is told. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    int srtPort() {
        return srtPort;
    }

    Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log (for failure messages). */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 20 s: the test is over, its processes must not outlive it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
