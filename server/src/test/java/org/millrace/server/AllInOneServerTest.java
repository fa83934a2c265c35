package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;

class AllInOneServerTest {
    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsWithEmbeddedDefaultsServesHealthAndMetricsAndKeepsDataAcrossRestart() throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        Instant created;
        try (AllInOneServer server = AllInOneServer.start(config)) {
            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"database\"").contains("\"storage\"");
            String metrics = get(server, "/metrics").body();
            assertThat(metrics)
                    .contains("jvm_memory_used_bytes")
                    .contains("http_server_requests_seconds")
                    .contains("vertx_http_server_requests_total");
            assertThat(get(server, "/").body()).contains("Millrace");
            created = createdAt(server.database());
        }
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(data.resolve("storage/millrace")).isDirectory();

        try (AllInOneServer again = AllInOneServer.start(config)) {
            assertThat(get(again, "/health").statusCode()).isEqualTo(200);
            assertThat(createdAt(again.database())).isEqualTo(created);
        }
    }

    private HttpResponse<String> get(AllInOneServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Instant createdAt(DatabaseSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT created_at FROM millrace_instance")) {
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
