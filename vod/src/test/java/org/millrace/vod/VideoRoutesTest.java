package org.millrace.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.vod.VodHarness.importBody;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /api/videos rows of the gateway's API table reach the service with the right access rules. */
class VideoRoutesTest {
    @TempDir
    static Path dir;

    static VodHarness vod;
    static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        vod = VodHarness.start(dir);
        client = vod.startGateway();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vod != null) {
            vod.close();
        }
    }

    private static HttpResponse<Buffer> http(HttpMethod method, String path, String userId, JsonObject body)
            throws Exception {
        HttpRequest<Buffer> request = client.request(method, path);
        if (userId != null) {
            request.putHeader("Authorization", "Bearer " + vod.token(VodHarness.user(userId)));
        }
        return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
    }

    @Test
    void everyVideoOperationIsRoutedWithItsAccessRule() throws Exception {
        String id = vod.importVideo(importBody("rec-http", "u-owner", "Over HTTP", "private"))
                .getString("id");
        String path = "/api/videos/" + id;

        assertThat(http(HttpMethod.GET, path, null, null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> mine = http(HttpMethod.GET, path, "u-owner", null);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.bodyAsJsonObject().getBoolean("likedByMe")).isFalse();
        HttpResponse<Buffer> list = http(HttpMethod.GET, "/api/videos?owner=u-owner", "u-owner", null);
        assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
        assertThat(http(HttpMethod.GET, "/api/videos?owner=u-owner", null, null)
                        .bodyAsJsonObject()
                        .getJsonArray("items"))
                .isEmpty();

        assertThat(http(HttpMethod.PATCH, path, null, new JsonObject().put("visibility", "public"))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<Buffer> edited =
                http(HttpMethod.PATCH, path, "u-owner", new JsonObject().put("visibility", "public"));
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.bodyAsJsonObject().getString("visibility")).isEqualTo("public");

        assertThat(http(HttpMethod.POST, path + "/like", null, null).statusCode())
                .isEqualTo(401);
        assertThat(http(HttpMethod.POST, path + "/like", "u-fan", null).bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("likes", 1).put("likedByMe", true));
        assertThat(http(HttpMethod.DELETE, path + "/like", "u-fan", null).bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("likes", 0).put("likedByMe", false));
        // Anonymous views need no body; the gateway passes the client's address for the dedup.
        assertThat(http(HttpMethod.POST, path + "/view", null, null).bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("views", 1).put("counted", true));
        assertThat(http(HttpMethod.POST, path + "/view", null, null)
                        .bodyAsJsonObject()
                        .getBoolean("counted"))
                .isFalse();
        assertThat(http(HttpMethod.GET, "/api/videos?q=HTTP", null, null)
                        .bodyAsJsonObject()
                        .getJsonArray("items"))
                .hasSize(1);

        assertThat(http(HttpMethod.DELETE, path, "u-fan", null).statusCode()).isEqualTo(404);
        assertThat(http(HttpMethod.DELETE, path, "u-owner", null).statusCode()).isEqualTo(204);
        assertThat(http(HttpMethod.GET, path, "u-owner", null).statusCode()).isEqualTo(404);
    }
}
