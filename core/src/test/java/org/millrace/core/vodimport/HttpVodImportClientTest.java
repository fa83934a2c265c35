package org.millrace.core.vodimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.millrace.core.bus.VideoImportBody;

/** The HTTP import client against a real Vert.x server: what it sends, and how each answer is classified. */
class HttpVodImportClientTest {
    private static final String KEY = "k".repeat(40);

    private Vertx vertx;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String reply;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    seen.add(request.method() + " " + request.path() + " key=" + request.getHeader("X-Internal-API-Key")
                            + " type=" + request.getHeader("Content-Type") + " " + body);
                    request.response().setStatusCode(status).end(reply);
                }))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private HttpVodImportClient client(String base) {
        return new HttpVodImportClient(vertx, URI.create(base), KEY, Duration.ofSeconds(5));
    }

    private String base() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Test
    void postsTheBodyWithTheKeyAndAnswersTheVideoId() throws Exception {
        status = 201;
        reply = new JsonObject().put("id", "vid-1").put("title", "t").encode();
        VideoImportBody body = body();
        assertThat(client(base() + "/").importVideo(body).await(10, TimeUnit.SECONDS))
                .isEqualTo("vid-1");
        assertThat(seen)
                .containsExactly("POST /internal/videos/import key=" + KEY + " type=application/json "
                        + body.toJson().encode());

        status = 200;
        reply = new JsonObject()
                .put("video", new JsonObject().put("id", "vid-1"))
                .encode();
        assertThat(client(base()).importVideo(body).await(10, TimeUnit.SECONDS)).isEqualTo("vid-1");
    }

    @Test
    void refusalsOfTheBodyArePermanentAndTheRestWorthRetrying() {
        status = 422;
        reply = new JsonObject()
                .put("error", new JsonObject().put("code", "invalid_import").put("message", "mp4Key is missing"))
                .encode();
        VodImportException refused = failure(client(base()));
        assertThat(refused.permanent()).isTrue();
        assertThat(refused.getMessage()).contains("HTTP 422").contains("invalid_import, mp4Key is missing");

        status = 401;
        reply = "";
        VodImportException wrongKey = failure(client(base()));
        assertThat(wrongKey.permanent()).as("a key being rotated mends").isFalse();
        assertThat(wrongKey.getMessage())
                .contains("HTTP 401")
                .contains("MILLRACE_INTERNAL_API_KEY")
                .doesNotContain(KEY);

        for (int momentary : new int[] {403, 404, 408, 429}) {
            status = momentary;
            assertThat(failure(client(base())).permanent())
                    .as("HTTP " + momentary)
                    .isFalse();
        }
        for (int refusal : new int[] {400, 409, 413}) {
            status = refusal;
            assertThat(failure(client(base())).permanent())
                    .as("HTTP " + refusal)
                    .isTrue();
        }

        status = 502;
        reply = "<html>bad gateway</html>";
        assertThat(failure(client(base())).permanent()).isFalse();

        status = 201;
        reply = "{}";
        VodImportException noId = failure(client(base()));
        assertThat(noId.permanent()).isFalse();
        assertThat(noId.getMessage()).contains("without a video id");
    }

    @Test
    void anUnreachableLibraryIsWorthRetrying() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        VodImportException down = failure(client("http://127.0.0.1:" + closedPort));
        assertThat(down.permanent()).isFalse();
        assertThat(down.getMessage())
                .startsWith("the video library could not be reached")
                .doesNotContain(KEY);
    }

    private static VodImportException failure(HttpVodImportClient client) {
        Throwable thrown = catchThrowable(() -> client.importVideo(body()).await(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(VodImportException.class);
        return (VodImportException) thrown;
    }

    private static VideoImportBody body() {
        return new VideoImportBody(
                "r1",
                "st-1",
                "se-1",
                "u-1",
                "ann",
                "Show",
                "",
                "public",
                List.of(),
                Instant.parse("2026-11-30T12:00:00Z"),
                10,
                640,
                360,
                "recordings/r1/video.mp4",
                1000,
                "recordings/r1/poster.jpg",
                "recordings/r1/thumbs/",
                List.of(),
                "live/st-1/se-1/",
                "vod.m3u8");
    }
}
