package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one server's real endpoints against the inputs that used to end in a 500 and a logged stack trace (a
 * NUL byte in the login body or in a search, owner or streams query) and against a login posted as a form or plain
 * text, which a page on another site can do without asking (login CSRF).
 */
class HostileInputTest {
    @TempDir
    Path data;

    @Test
    void controlCharactersAre400AndNonJsonBodies415WithNothingLogged() throws Exception {
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
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            log.start();
            root.addAppender(log);

            JsonObject nulLogin = new JsonObject().put("login", "ada\u0000").put("password", "a-long-password-1");
            assertError(api.send("POST", "/api/auth/login", null, nulLogin, Map.of()), 400, "invalid_login");
            for (String path : new String[] {
                "/api/videos?q=%00", "/api/videos?q=live%00show", "/api/videos?owner=%00", "/api/streams?owner=ada%00"
            }) {
                assertError(api.get(path, null), 400, "invalid_characters");
            }

            String login = new JsonObject()
                    .put("login", "ada")
                    .put("password", "a-long-password-1")
                    .encode();
            HttpClient http = HttpClient.newHttpClient();
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
                HttpResponse<String> posted = http.send(
                        HttpRequest.newBuilder(URI.create(api.base + "/api/auth/login"))
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofString(login))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertError(posted, 415, "unsupported_media_type");
            }
            assertThat(api.send("POST", "/api/auth/login", null, new JsonObject(login), Map.of())
                            .statusCode())
                    .as("the same login as JSON is checked (and wrong)")
                    .isEqualTo(401);

            assertThat(log.list)
                    .as("nothing logged at WARN or above, and no stack trace")
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null)
                    .isEmpty();
        } finally {
            root.detachAppender(log);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode())
                .as(response.uri() + ": " + response.body())
                .isEqualTo(status);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("requestId")).isNotBlank();
    }
}
