package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.LiveHlsSettings;
import org.millrace.core.testing.LocalStorageOutage;

/**
 * LL-HLS over the real gateway ({@link LowLatencyGateway}): playlists followed from updates published on a real event
 * bus (through the server's own publisher), copies read from local storage, every request real HTTP. Segments are
 * 1 s (three 1/3 s parts), so a blocking request times out after 3 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LowLatencyServingTest {
    private static final Duration TARGET = Duration.ofSeconds(1);
    private static final int HELD_PER_CLIENT = 3;
    // 1/3 s parts, as the test's writer cuts them (the waits below are counted in them).
    private static final LiveEdgeSettings SETTINGS = LiveEdgeSettings.defaults()
            .withLiveHls(LiveHlsSettings.defaults().withSegmentTarget(TARGET).withPartTarget(Duration.ofMillis(333)))
            .withBounds(100, 1000, HELD_PER_CLIENT);

    private LowLatencyGateway gateway;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        gateway = new LowLatencyGateway(data, SETTINGS);
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A live stream of its own for each test, so tests do not share edges. */
    private LiveRenditionWriter stream(String streamId, String rendition) {
        return gateway.writer(streamId, rendition);
    }

    private String path(String streamId, String file) {
        return gateway.path(streamId, file);
    }

    @Test
    void aBlockingRequestIsHeldUntilTheUpdateThatBringsItsPart() throws Exception {
        LiveRenditionWriter w = stream("LlHeld0000000001", "720p");
        w.segments(3);
        // No update comes within two part targets: storage's copy, as a classic server (a transcoder publishing none).
        long asked = System.nanoTime();
        assertThat(ok(get(path("LlHeld0000000001", "720p/index.m3u8")))).isEqualTo(w.stored());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).isGreaterThanOrEqualTo(600L);
        w.part(); // 3.0, heard before the next request is made
        awaitListed("LlHeld0000000001", "720p", "3.0.m4s");
        assertThat(ok(get(path("LlHeld0000000001", "720p/index.m3u8"))))
                .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PART-INF:PART-TARGET=", "\n2.m4s\n");

        Future<HttpResponse<Buffer>> held = send(path("LlHeld0000000001", "720p/index.m3u8?_HLS_msn=3&_HLS_part=1"));
        Thread.sleep(600);
        assertThat(held.isComplete()).as("held until part 3.1 exists").isFalse();
        w.part(); // 3.1
        String released = ok(held.await(5, TimeUnit.SECONDS));
        assertThat(released).contains("3.1.m4s").contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"3.2.m4s\"");
        // A part already there is answered at once; a complete segment's any part too.
        assertThat(ok(get(path("LlHeld0000000001", "720p/index.m3u8?_HLS_msn=3&_HLS_part=0"))))
                .contains("3.1.m4s");
        assertThat(ok(get(path("LlHeld0000000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=7"))))
                .contains("3.1.m4s");
    }

    @Test
    void theEndOfTheSessionReleasesHeldRequestsWithTheEndedPlaylist() throws Exception {
        LiveRenditionWriter w = stream("LlEnded000000001", "720p");
        w.segments(2);
        ok(get(path("LlEnded000000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlEnded000000001", "720p", "2.0.m4s");
        Future<HttpResponse<Buffer>> held = send(path("LlEnded000000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=1"));
        Future<HttpResponse<Buffer>> part = send(path("LlEnded000000001", "720p/2.1.m4s"));
        Thread.sleep(400);
        w.end(); // the publisher left mid-segment: part 2.1 will never exist
        assertThat(ok(held.await(5, TimeUnit.SECONDS)))
                .contains("#EXT-X-ENDLIST")
                .doesNotContain("PRELOAD-HINT");
        assertError(part.await(5, TimeUnit.SECONDS), 404, "not_found");
    }

    @Test
    void theHintedPartAfterTheLastOfASegmentIsTheNextSegmentsFirstPart() throws Exception {
        LiveRenditionWriter w = stream("LlAlias000000001", "720p");
        w.segments(2);
        ok(get(path("LlAlias000000001", "720p/index.m3u8")));
        w.segments(1);
        awaitListed("LlAlias000000001", "720p", "2.1.m4s");
        // The writer's parts to a segment (four of 0.25 s to 1 s with a 333 ms target).
        int k = (int) Math.ceil(
                TARGET.toMillis() / (double) SETTINGS.lowLatency().partTarget().toMillis());
        // The hint named 2.<k> while segment 2 was open; the segment then ended with k parts.
        Future<HttpResponse<Buffer>> held = send(path("LlAlias000000001", "720p/2." + k + ".m4s"));
        Thread.sleep(400);
        assertThat(held.isComplete())
                .as(
                        "held until the next segment's first part exists: %s",
                        held.isComplete()
                                ? held.result().statusCode() + " "
                                        + held.result().bodyAsString()
                                : "")
                .isFalse();
        w.part(); // 3.0
        HttpResponse<Buffer> answer = held.await(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().getBytes()).isEqualTo(LiveRenditionWriter.partBytes(3, 0));
        // Only the one right after the last part: further ones stay unknown.
        assertError(get(path("LlAlias000000001", "720p/2." + (k + 1) + ".m4s")), 404, "not_found");
    }

    @Test
    void aViewersFirstPlaylistWaitsForTheFirstUpdateAndIsLowLatency() throws Exception {
        LiveRenditionWriter w = stream("LlFirst000000001", "720p");
        w.segments(2);
        Future<HttpResponse<Buffer>> first = send(path("LlFirst000000001", "720p/index.m3u8"));
        Thread.sleep(150);
        w.part();
        assertThat(ok(first.await(5, TimeUnit.SECONDS))).contains("#EXT-X-PART-INF", "#EXT-X-SERVER-CONTROL");
    }

    @Test
    void aRequestThePlaylistNeverReachesTimesOutWith503() throws Exception {
        LiveRenditionWriter w = stream("LlTimeout0000001", "720p");
        w.segments(2);
        ok(get(path("LlTimeout0000001", "720p/index.m3u8"))); // followed from here on
        w.part();
        awaitListed("LlTimeout0000001", "720p", "2.0.m4s");
        long start = System.nanoTime();
        HttpResponse<Buffer> response = get(path("LlTimeout0000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=1"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertError(response, 503, "part_not_ready");
        assertThat(waited).as("three target durations").isBetween(2_800L, 6_000L);
    }

    @Test
    void aRequestTooFarAheadIs400AtOnce() throws Exception {
        LiveRenditionWriter w = stream("LlTooFar00000001", "720p");
        w.segments(2);
        ok(get(path("LlTooFar00000001", "720p/index.m3u8")));
        assertError(get(path("LlTooFar00000001", "720p/index.m3u8?_HLS_msn=9")), 400, "too_far_ahead");
        assertError(get(path("LlTooFar00000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=40")), 400, "too_far_ahead");
    }

    @Test
    void malformedDirectivesAre400() throws Exception {
        LiveRenditionWriter w = stream("LlMalformed00001", "720p");
        w.segments(1);
        for (String query : List.of(
                "_HLS_msn=abc",
                "_HLS_part=1",
                "_HLS_skip=NO",
                "_HLS_msn=1&_HLS_msn=2",
                "_HLS_msn=-1",
                "_HLS_msn=1&_HLS_part=1e3",
                "_HLS_msn=99999999999999999999")) {
            assertError(get(path("LlMalformed00001", "720p/index.m3u8?" + query)), 400, "invalid_blocking_request");
        }
    }

    @Test
    void skipAnswersADeltaPlaylist() throws Exception {
        LiveRenditionWriter w = stream("LlSkip0000000001", "720p");
        w.segments(12);
        ok(get(path("LlSkip0000000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlSkip0000000001", "720p", "12.0.m4s");
        String full = ok(get(path("LlSkip0000000001", "720p/index.m3u8")));
        String delta = ok(get(path("LlSkip0000000001", "720p/index.m3u8?_HLS_skip=YES")));
        assertThat(full).doesNotContain("#EXT-X-SKIP").contains("\n0.m4s\n");
        assertThat(delta)
                .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=")
                .doesNotContain("\n0.m4s\n")
                .contains("\n11.m4s\n", "12.0.m4s");
        assertThat(delta.length()).isLessThan(full.length());
        assertThat(ok(get(path("LlSkip0000000001", "720p/index.m3u8?_HLS_msn=12&_HLS_part=0&_HLS_skip=v2"))))
                .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=");
    }

    @Test
    void aPlaylistReportsItsSiblingRenditions() throws Exception {
        LiveRenditionWriter video = stream("LlReports0000001", "720p");
        LiveRenditionWriter audio = stream("LlReports0000001", "audio");
        video.segments(2);
        audio.segments(2);
        ok(get(path("LlReports0000001", "720p/index.m3u8"))); // followed from here on
        audio.part();
        video.part();
        awaitListed("LlReports0000001", "720p", "2.0.m4s");
        String playlist = ok(get(path("LlReports0000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=0")));
        assertThat(playlist)
                .contains("#EXT-X-RENDITION-REPORT:URI=\"../audio/index.m3u8\",LAST-MSN=2,LAST-PART=0")
                .doesNotContain("URI=\"../720p/index.m3u8\"");
    }

    @Test
    void thePreloadHintedPartIsHeldUntilAnnouncedThenServed() throws Exception {
        LiveRenditionWriter w = stream("LlPreload0000001", "720p");
        w.segments(2);
        ok(get(path("LlPreload0000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlPreload0000001", "720p", "2.0.m4s");
        assertThat(ok(get(path("LlPreload0000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=0"))))
                .contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"2.1.m4s\"");
        Future<HttpResponse<Buffer>> held = send(path("LlPreload0000001", "720p/2.1.m4s"));
        Thread.sleep(600);
        assertThat(held.isComplete()).as("held until announced").isFalse();
        w.part();
        HttpResponse<Buffer> part = held.await(5, TimeUnit.SECONDS);
        assertThat(part.statusCode()).as(part.bodyAsString()).isEqualTo(200);
        assertThat(part.body().getBytes()).isEqualTo(LiveRenditionWriter.partBytes(2, 1));
        assertThat(part.getHeader("Cache-Control")).isEqualTo(LiveMediaFiles.SEGMENT_CACHE);
        // Announced parts come at once; further ahead than the next part is a 404 without waiting.
        assertThat(get(path("LlPreload0000001", "720p/2.0.m4s")).statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        assertError(get(path("LlPreload0000001", "720p/2.4.m4s")), 404, "not_found");
        assertError(get(path("LlPreload0000001", "720p/7.0.m4s")), 404, "not_found");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500L);
    }

    @Test
    void gzipIsServedWhenAskedAndDecompressesToTheSameText() throws Exception {
        LiveRenditionWriter w = stream("LlGzip0000000001", "720p");
        w.segments(20);
        ok(get(path("LlGzip0000000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlGzip0000000001", "720p", "20.0.m4s");
        for (String query : List.of("", "?_HLS_skip=YES", "?_HLS_msn=20&_HLS_part=0")) {
            HttpResponse<Buffer> plain = get(path("LlGzip0000000001", "720p/index.m3u8" + query));
            HttpResponse<Buffer> gzip = gateway.send(path("LlGzip0000000001", "720p/index.m3u8" + query), "gzip")
                    .await(10, TimeUnit.SECONDS);
            assertThat(gzip.statusCode()).isEqualTo(200);
            assertThat(gzip.getHeader("Content-Encoding")).isEqualTo("gzip");
            assertThat(gzip.getHeader("Vary")).containsIgnoringCase("Accept-Encoding");
            assertThat(plain.getHeader("Vary")).containsIgnoringCase("Accept-Encoding");
            assertThat(plain.getHeader("Content-Encoding")).isIn(null, "identity");
            byte[] compressed = gzip.body().getBytes();
            String text = new String(
                    new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).isEqualTo(ok(plain));
            assertThat(compressed.length).isLessThan(query.isEmpty() ? text.length() / 3 : text.length());
        }
        // q=0 refuses gzip.
        HttpResponse<Buffer> refused = gateway.send(path("LlGzip0000000001", "720p/index.m3u8"), "gzip;q=0")
                .await(10, TimeUnit.SECONDS);
        assertThat(refused.getHeader("Content-Encoding")).isIn(null, "identity");
    }

    @Test
    void aClientHoldsOnlySoManyRequests() throws Exception {
        LiveRenditionWriter w = stream("LlBounds00000001", "720p");
        w.segments(2);
        ok(get(path("LlBounds00000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlBounds00000001", "720p", "2.0.m4s");
        List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
        held.add(send(path("LlBounds00000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=1")));
        held.add(send(path("LlBounds00000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=1&_HLS_skip=YES")));
        held.add(send(path("LlBounds00000001", "720p/2.1.m4s")));
        Thread.sleep(500);
        assertThat(held).noneMatch(Future::isComplete);
        HttpResponse<Buffer> refused = get(path("LlBounds00000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=2"));
        assertError(refused, 429, "too_many_held_requests");
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        w.part();
        for (Future<HttpResponse<Buffer>> request : held) {
            assertThat(request.await(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // Answered requests gave their places back.
        Future<HttpResponse<Buffer>> again = send(path("LlBounds00000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=2"));
        w.part();
        assertThat(again.await(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatLeavesGivesItsPlaceBack() throws Exception {
        LiveRenditionWriter w = stream("LlLeaving0000001", "720p");
        w.segments(2);
        ok(get(path("LlLeaving0000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlLeaving0000001", "720p", "2.0.m4s");
        String held = path("LlLeaving0000001", "720p/index.m3u8?_HLS_msn=2&_HLS_part=1");
        for (int i = 0; i < HELD_PER_CLIENT * 2; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port)) {
                socket.getOutputStream()
                        .write(("GET " + held + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(150); // held by now; then the client goes away
            }
        }
        Thread.sleep(300);
        Future<HttpResponse<Buffer>> stillAdmitted = send(held);
        Thread.sleep(300);
        assertThat(stillAdmitted.isComplete()).as("held, not refused").isFalse();
        w.part();
        assertThat(ok(stillAdmitted.await(5, TimeUnit.SECONDS))).contains("2.1.m4s");
    }

    @Test
    void madeUpRenditionNamesNeverTakeTheRealOnesPlaces() throws Exception {
        LiveRenditionWriter w = stream("LlMadeUp00000001", "720p");
        w.segments(1);
        for (int i = 0; i < SETTINGS.maxRenditions() + 4; i++) {
            assertError(get(path("LlMadeUp00000001", "nope" + i + "/index.m3u8")), 404, "not_found");
            assertError(get(path("LlMadeUp00000001", "nope" + i + "/0.0.m4s")), 404, "not_found");
        }
        ok(get(path("LlMadeUp00000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlMadeUp00000001", "720p", "1.0.m4s"); // followed: listed as an LL-HLS part
    }

    @Test
    void aGatewayJoiningMidSessionLoadsFromStorageThenFollowsTails() throws Exception {
        LiveRenditionWriter w = stream("LlJoin000000001", "720p");
        w.segments(5); // published while no gateway listened
        String joined = ok(get(path("LlJoin000000001", "720p/index.m3u8")));
        assertThat(joined).contains("#EXT-X-MEDIA-SEQUENCE:0", "\n0.m4s\n", "\n4.m4s\n");
        Future<HttpResponse<Buffer>> held = send(path("LlJoin000000001", "720p/index.m3u8?_HLS_msn=5&_HLS_part=0"));
        Thread.sleep(300);
        w.part();
        String followed = ok(held.await(5, TimeUnit.SECONDS));
        assertThat(followed).contains("\n0.m4s\n", "5.0.m4s");
    }

    @Test
    void aTailThatDoesNotConnectReloadsFromStorage() throws Exception {
        LiveRenditionWriter w = stream("LlReload00000001", "720p");
        w.segments(2);
        ok(get(path("LlReload00000001", "720p/index.m3u8")));
        double before = reloads();
        w.publishing(false);
        w.segments(6); // storage moves on; the updates are lost
        w.publishing(true);
        w.part(); // this tail's oldest segment is beyond the copy's next one
        awaitListed("LlReload00000001", "720p", "8.0.m4s");
        String playlist = ok(get(path("LlReload00000001", "720p/index.m3u8")));
        for (int s = 0; s < 8; s++) {
            assertThat(playlist).contains("\n" + s + ".m4s\n");
        }
        assertThat(reloads() - before).isEqualTo(1.0);
    }

    @Test
    void whenTailsStopAndStorageIsDownTheLastPlaylistServedIsAnsweredStale() throws Exception {
        LiveRenditionWriter w = stream("LlOutage00000001", "720p");
        w.segments(3);
        ok(get(path("LlOutage00000001", "720p/index.m3u8")));
        w.part();
        awaitListed("LlOutage00000001", "720p", "3.0.m4s");
        String served = ok(get(path("LlOutage00000001", "720p/index.m3u8")));
        try (LocalStorageOutage outage = new LocalStorageOutage(gateway.storageRoot.resolve("live"))) {
            outage.begin();
            // No tail for a hold timeout: the copy is no longer trusted and storage is asked, which is down.
            Thread.sleep(SETTINGS.holdTimeout().toMillis() + 300);
            HttpResponse<Buffer> stale = get(path("LlOutage00000001", "720p/index.m3u8"));
            assertThat(stale.statusCode()).as(stale.bodyAsString()).isEqualTo(200);
            assertThat(stale.getHeader(LivePlaylistHandler.STALE_HEADER)).isEqualTo(LivePlaylistHandler.STALE_VALUE);
            assertThat(stale.bodyAsString()).isEqualTo(served);
        }
        // Storage back: followed again from the next tail.
        w.part();
        awaitListed("LlOutage00000001", "720p", "3.1.m4s");
    }

    private void awaitListed(String streamId, String rendition, String uri) throws Exception {
        gateway.awaitListed(streamId, rendition, uri, Duration.ofSeconds(10));
    }

    private double reloads() {
        return gateway.metrics
                .registry()
                .get("millrace.live.edge.reloads")
                .counter()
                .count();
    }

    private Future<HttpResponse<Buffer>> send(String path) {
        return gateway.send(path, null);
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return gateway.get(path);
    }

    private static String ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(response.getHeader("Cache-Control")).isEqualTo(LowLatencyHandler.PLAYLIST_CACHE);
        return response.bodyAsString();
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }
}
