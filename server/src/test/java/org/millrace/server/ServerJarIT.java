package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started with a plain {@code java -jar} as the README says and stopped with SIGTERM. */
class ServerJarIT {
    @TempDir
    Path data;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void runsFromTheJarStopsCleanlyOnSigtermAndRestartsOnItsData() throws Exception {
        long firstPostgres;
        java.time.Instant created;
        try (ServerProcess server = start()) {
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
            String metrics = get(server.port(), "/metrics").body();
            assertThat(metrics).containsPattern("(?m)^jvm_").contains("http_server_");
            firstPostgres = postmasterPid().orElseThrow();
            created = createdAt();
            assertThat(ProcessHandle.of(firstPostgres).map(ProcessHandle::isAlive))
                    .contains(true);
            server.stop();
            assertThat(server.exitCode()).as("exit after SIGTERM").isIn(0, 143);
        }
        assertThat(gone(firstPostgres))
                .as("embedded PostgreSQL stopped with the server")
                .isTrue();
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();

        try (ServerProcess again = start()) {
            assertThat(get(again.port(), "/health").statusCode()).isEqualTo(200);
            assertThat(createdAt()).as("the database of the first run").isEqualTo(created);
            again.stop();
        }
    }

    private ServerProcess start() throws Exception {
        return ServerProcess.start(data, Map.of());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Optional<Long> postmasterPid() throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        return Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    /** When the database was created, read from the running embedded PostgreSQL (port from its pid file). */
    private java.time.Instant createdAt() throws Exception {
        int pgPort = Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid"))
                .get(3)
                .strip());
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
}
