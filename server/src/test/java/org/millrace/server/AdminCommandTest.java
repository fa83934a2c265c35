package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/** Accounts in the all-in-one server, and the admin command that makes the first admin. */
class AdminCommandTest {
    private static final String PASSWORD = "a long enough password";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void grantsRolesWhileTheServerRunsAndWhileItIsStopped() throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config)) {
            HttpResponse<String> registered = post(
                    server,
                    "/api/auth/register",
                    new JsonObject()
                            .put("username", "Founder")
                            .put("email", "founder@example.org")
                            .put("password", PASSWORD));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(roles(server)).isEqualTo(new JsonArray().add("user"));

            assertThat(run("grant", "founder")).as(printed.toString()).isZero();
            assertThat(printed.toString()).contains("granted admin to founder");
            assertThat(roles(server)).isEqualTo(new JsonArray().add("user").add("admin"));
            assertThat(run("grant", "founder"))
                    .as("granting twice changes nothing")
                    .isZero();
            assertThat(roles(server)).isEqualTo(new JsonArray().add("user").add("admin"));

            assertThat(run("grant", "nobody")).isEqualTo(1);
            assertThat(run("grant", "founder", "superuser")).isEqualTo(2);
            assertThat(run("revoke", "founder")).isEqualTo(2);
        }
        assertThat(run("grant", "Founder", "moderator")).as(printed.toString()).isZero();
        assertThat(data.resolve("postgres/postmaster.pid"))
                .as("the command stopped what it started")
                .doesNotExist();
        try (AllInOneServer again = AllInOneServer.start(config)) {
            assertThat(roles(again))
                    .isEqualTo(new JsonArray().add("user").add("admin").add("moderator"));
        }
    }

    private int run(String... args) {
        MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", data.toString())).load();
        return new AdminCommand(config, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private JsonArray roles(AllInOneServer server) throws Exception {
        HttpResponse<String> login = post(
                server,
                "/api/auth/login",
                new JsonObject().put("login", "founder").put("password", PASSWORD));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = new JsonObject(login.body()).getString("accessToken");
        HttpResponse<String> me = http.send(
                HttpRequest.newBuilder(uri(server, "/api/auth/me"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        return new JsonObject(me.body()).getJsonObject("user").getJsonArray("roles");
    }

    private HttpResponse<String> post(AllInOneServer server, String path, JsonObject body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(server, path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AllInOneServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }
}
