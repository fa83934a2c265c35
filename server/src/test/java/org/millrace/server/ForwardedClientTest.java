package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/**
 * Behind a trusted proxy (MILLRACE_TRUSTED_PROXIES) the per-IP login limit counts the client the proxy names, so
 * users behind nginx do not share one budget; without it, X-Forwarded-For is the client's own claim and ignored.
 */
class ForwardedClientTest {
    private static final JsonObject WRONG =
            new JsonObject().put("login", "nobody-here").put("password", "wrong-password-1");

    @TempDir
    Path trustedData;

    @TempDir
    Path plainData;

    @Test
    void aTrustedProxyNamesTheClientOfTheLoginLimit() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(config(trustedData, "127.0.0.1"));
                ApiClient api = new ApiClient(config(trustedData, "127.0.0.1"), server.httpPort())) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(api, "203.0.113.1")).isEqualTo(401);
            }
            assertThat(login(api, "203.0.113.1"))
                    .as("the fourth attempt of that client")
                    .isEqualTo(429);
            assertThat(login(api, "203.0.113.2"))
                    .as("another client behind the same proxy")
                    .isEqualTo(401);
            // A client cannot escape its budget by writing the header itself: the proxy appends the real address.
            assertThat(login(api, "198.51.100.7, 203.0.113.1")).isEqualTo(429);
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
        try (AllInOneServer server = AllInOneServer.start(config(plainData, null));
                ApiClient api = new ApiClient(config(plainData, null), server.httpPort())) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(api, "203.0.113." + (10 + i))).isEqualTo(401);
            }
            assertThat(login(api, "203.0.113.99"))
                    .as("every attempt came from this one peer")
                    .isEqualTo(429);
        }
    }

    private static int login(ApiClient api, String forwardedFor) throws Exception {
        return api.send("POST", "/api/auth/login", null, WRONG, Map.of("X-Forwarded-For", forwardedFor))
                .statusCode();
    }

    private static MillraceConfig config(Path data, String trusted) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR",
                data.toString(),
                "MILLRACE_HTTP_PORT",
                "0",
                "MILLRACE_HTTP_HOST",
                "127.0.0.1",
                "MILLRACE_SRT_PORT",
                "0",
                "MILLRACE_LOGIN_ATTEMPTS_PER_IP",
                "3"));
        if (trusted != null) {
            env.put("MILLRACE_TRUSTED_PROXIES", trusted);
        }
        return new ConfigLoader(env).load();
    }
}
