package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/recordings} and {@code /api/recordings/{id}} through the real gateway: own only, paginated. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingsApiTest {
    private RecorderHarness harness;
    private String owner;
    private final List<String> sessions = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = RecorderHarness.start(dir);
        harness.deployRecorder();
        owner = harness.token("u-lea", "lea");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Series"));
        for (int i = 0; i < 3; i++) {
            String sessionId = harness.publish(streamId);
            sessions.add(sessionId);
            harness.awaitRecording(owner, sessionId, "recording");
            harness.unpublish(streamId);
            harness.awaitRecording(owner, sessionId, "ready");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theOwnerListsTheirRecordingsNewestFirstPageByPage() throws Exception {
        JsonObject first = ok(harness.call(HttpMethod.GET, "/api/recordings?limit=2", owner, null));
        JsonArray items = first.getJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(items.getJsonObject(0).getString("sessionId")).isEqualTo(sessions.get(2));
        assertThat(items.getJsonObject(1).getString("sessionId")).isEqualTo(sessions.get(1));
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotNull();

        JsonObject second = ok(harness.call(HttpMethod.GET, "/api/recordings?limit=2&cursor=" + cursor, owner, null));
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(second.getJsonArray("items").getJsonObject(0).getString("sessionId"))
                .isEqualTo(sessions.get(0));
        assertThat(second.getValue("nextCursor")).isNull();
        assertThat(second.containsKey("nextCursor")).isTrue();
    }

    @Test
    void theOwnerGetsOneRecordingAndEveryoneElseA404() throws Exception {
        JsonObject listed = ok(harness.call(HttpMethod.GET, "/api/recordings", owner, null))
                .getJsonArray("items")
                .getJsonObject(0);
        String id = listed.getString("id");
        JsonObject one = ok(harness.call(HttpMethod.GET, "/api/recordings/" + id, owner, null));
        assertThat(one).isEqualTo(listed);
        assertThat(one.getString("status")).isEqualTo("ready");
        assertThat(one.getString("videoId")).isEqualTo("v-" + id);

        String stranger = harness.token("u-max", "max");
        assertError(harness.call(HttpMethod.GET, "/api/recordings/" + id, stranger, null), 404, "not_found");
        assertThat(ok(harness.call(HttpMethod.GET, "/api/recordings", stranger, null))
                        .getJsonArray("items"))
                .isEmpty();
        assertError(harness.call(HttpMethod.GET, "/api/recordings/no-such-recording", owner, null), 404, "not_found");
        assertError(harness.call(HttpMethod.GET, "/api/recordings/AAAAAAAAAAAAAAAA", owner, null), 404, "not_found");
        assertThat(harness.call(HttpMethod.GET, "/api/recordings/" + id, null, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(harness.call(HttpMethod.GET, "/api/recordings", null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void badPaginationIs400() throws Exception {
        assertError(harness.call(HttpMethod.GET, "/api/recordings?limit=0", owner, null), 400, "invalid_limit");
        assertError(harness.call(HttpMethod.GET, "/api/recordings?limit=101", owner, null), 400, "invalid_limit");
        assertError(harness.call(HttpMethod.GET, "/api/recordings?cursor=%21%21", owner, null), 400, "invalid_cursor");
        assertError(harness.call(HttpMethod.GET, "/api/recordings?cursor=abc", owner, null), 400, "invalid_cursor");
    }

    private static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }
}
