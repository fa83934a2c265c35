package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started with a plain {@code java -jar} as the README says and stopped with SIGTERM. */
class ServerJarIT {
    private static final Pattern READY = Pattern.compile("Millrace ready .*HTTP port (\\d+)");

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void runsFromTheJarStopsCleanlyOnSigtermAndRestartsOnItsData() throws Exception {
        long firstPostgres;
        java.time.Instant created;
        try (Running server = start()) {
            assertThat(get(server.port, "/health").statusCode()).isEqualTo(200);
            String metrics = get(server.port, "/metrics").body();
            assertThat(metrics).containsPattern("(?m)^jvm_").contains("http_server_");
            firstPostgres = postmasterPid().orElseThrow();
            created = createdAt();
            assertThat(ProcessHandle.of(firstPostgres).map(ProcessHandle::isAlive)).contains(true);
            server.stop();
            assertThat(server.exitCode()).as("exit after SIGTERM").isIn(0, 143);
        }
        assertThat(gone(firstPostgres)).as("embedded PostgreSQL stopped with the server").isTrue();
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();

        try (Running again = start()) {
            assertThat(get(again.port, "/health").statusCode()).isEqualTo(200);
            assertThat(createdAt()).as("the database of the first run").isEqualTo(created);
            again.stop();
        }
    }

    private Running start() throws Exception {
        Path jar = Path.of(System.getProperty("millrace.serverJar"));
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().put("MILLRACE_DATA_DIR", data.toString());
        builder.environment().put("MILLRACE_HTTP_PORT", "0");
        builder.environment().put("MILLRACE_SRT_PORT", "0");
        builder.environment().put("MILLRACE_HTTP_HOST", "127.0.0.1");
        Running running = new Running(builder.start());
        running.awaitReady(Duration.ofSeconds(90));
        return running;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Optional<Long> postmasterPid() throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        return Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    /** When the database was created, read from the running embedded PostgreSQL (port from its pid file). */
    private java.time.Instant createdAt() throws Exception {
        int pgPort = Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).strip());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", null);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT created_at FROM millrace_instance")) {
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A server process whose output is collected and scanned for the ready line. */
    private static final class Running implements AutoCloseable {
        private final Process process;
        private final StringBuffer log = new StringBuffer();
        private final CompletableFuture<Integer> ready = new CompletableFuture<>();
        int port;

        Running(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        log.append(line).append('\n');
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ready.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (Exception ignored) {
                    // the process is gone
                }
                ready.completeExceptionally(new IllegalStateException("server exited before ready:\n" + log));
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReady(Duration timeout) throws Exception {
            port = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void stop() throws Exception {
            process.destroy(); // SIGTERM, as Ctrl-C or docker stop would
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        }

        int exitCode() {
            return process.exitValue();
        }

        String log() {
            return log.toString();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
