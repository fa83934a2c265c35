package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Whatever happens, no password, password hash or token reaches the logs. */
class AuthLogsTest {
    @TempDir
    Path data;

    @Test
    void secretsNeverReachTheLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>();
        try (AuthTestServer server = AuthTestServer.start(data, AuthTestServer.relaxedSettings())) {
            String password = "s3cret-Pa55word-do-not-log";
            String typo = "typed-the-password-as-name";
            secrets.add(password);
            secrets.add(typo);
            assertThat(server.register("logged", "logged@example.org", password).statusCode())
                    .isEqualTo(201);
            assertThat(server.register("logged", "logged2@example.org", password)
                            .statusCode())
                    .isEqualTo(409);
            assertThat(server.register("other", "other@example.org", "short").statusCode())
                    .isEqualTo(400);
            assertThat(server.login("logged", "wrong-" + password).statusCode()).isEqualTo(401);
            assertThat(server.login(typo, password).statusCode()).isEqualTo(401);
            JsonObject session = server.login("logged", password).bodyAsJsonObject();
            String refresh = session.getString("refreshToken");
            secrets.add(refresh);
            secrets.add(session.getString("accessToken"));
            JsonObject rotated = server.post("/api/auth/refresh", new JsonObject().put("refreshToken", refresh))
                    .bodyAsJsonObject();
            secrets.add(rotated.getString("refreshToken"));
            secrets.add(rotated.getString("accessToken"));
            assertThat(server.post("/api/auth/refresh", new JsonObject().put("refreshToken", refresh))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(server.post("/api/auth/logout", new JsonObject().put("refreshToken", refresh))
                            .statusCode())
                    .isEqualTo(204);
            String hash = server.pool
                    .preparedQuery("SELECT password_hash FROM users WHERE username = $1")
                    .execute(Tuple.of("logged"))
                    .await(10, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .getString(0);
            secrets.add(hash);
        } finally {
            root.detachAppender(captured);
        }

        List<String> lines = captured.list.stream().map(AuthLogsTest::render).toList();
        assertThat(lines)
                .as("the scenario did log")
                .anyMatch(line -> line.contains("signed in"))
                .anyMatch(line -> line.contains("presented again"));
        for (String secret : secrets) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
        }
    }

    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
