package org.millrace.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.millrace.server.ApiClient;
import org.millrace.server.BrowserRun;
import org.millrace.server.TestMedia;
import org.millrace.testkit.SrtPublisher;

/**
 * Issue 13's proof on real processes: Millrace from the packaged jar as nine clustered JVMs (2 gateways behind the
 * project's nginx config, auth, streams, 2 ingest nodes behind nginx's UDP front, 2 recorders, vod), one PostgreSQL
 * server and one S3 server in processes of their own; a user's whole journey through nginx only, with real libsrt
 * callers (Debian's ffmpeg), hls.js in Chromium, and SIGKILL. One cluster for all the methods (2 cores).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJourneyIT {
    private static final int GRACE_SECONDS = 20;
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(GRACE_SECONDS);
    private static final String PASSWORD = "a-long-journey-password";
    /** Login attempts per client address per minute, for the whole cluster. */
    private static final int LOGIN_LIMIT = 20;

    private MillraceCluster cluster;
    private ApiClient front;
    private Path dir;
    private Path media;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                System.out.println(cluster.logs(120));
            }
        }
    };

    @BeforeAll
    void startTheCluster() throws Exception {
        dir = MillraceCluster.fresh(Path.of("target/cluster-journey").toAbsolutePath());
        // Encoded before the cluster starts: the encoder would compete with nine JVMs for 2 cores.
        media = TestMedia.smallPattern(dir.resolve("pattern.ts"), 180);
        Path webRoot = Path.of(System.getProperty("millrace.webRoot", "../web/target/classes/webroot"))
                .toAbsolutePath()
                .normalize();
        try {
            cluster = MillraceCluster.start(
                    Path.of(System.getProperty("millrace.serverJar")),
                    webRoot,
                    dir,
                    Map.of(
                            "MILLRACE_RECONNECT_GRACE_SECONDS",
                            Integer.toString(GRACE_SECONDS),
                            "MILLRACE_INGEST_CAPACITY",
                            "3",
                            "MILLRACE_LOGIN_ATTEMPTS_PER_IP",
                            Integer.toString(LOGIN_LIMIT),
                            "MILLRACE_SPOOL_MAX_AGE_SECONDS",
                            "10"));
        } catch (Exception | Error e) {
            System.out.println("the cluster did not start; logs under " + dir);
            throw e;
        }
        front = new ApiClient(cluster.front().baseUrl(), cluster.jwtSecret().getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stopTheCluster() {
        if (front != null) {
            front.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyProcessSeesTheWholeCluster() throws Exception {
        for (ClusterNode node : cluster.all()) {
            JsonObject health = awaitMembers(node, MillraceCluster.MEMBERS.size());
            String services = MillraceCluster.MEMBERS.stream()
                    .filter(m -> m.name().equals(node.name()))
                    .findFirst()
                    .orElseThrow()
                    .services();
            assertThat(health.getJsonArray("services").getList())
                    .as(node.name())
                    .containsExactly(services);
            assertThat(health.getJsonObject("cluster").getBoolean("clustered"))
                    .as(node.name())
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void registerOnOneGatewayLogInOnTheOther() throws Exception {
        String token = signUpAndLogInAcrossGateways("journey");
        JsonObject me = front.json("GET", "/api/auth/me", token, null).getJsonObject("user");
        assertThat(me.getString("username")).isEqualTo("journey");
    }

    /**
     * Signs up through nginx, then logs in through nginx until a gateway other than the one that took the sign-up
     * answers (nginx's round robin: the next request); answers that login's access token.
     */
    private String signUpAndLogInAcrossGateways(String username) throws Exception {
        long signUps = logged("POST /api/auth/register");
        HttpResponse<String> registered = front.send(
                "POST",
                "/api/auth/register",
                null,
                new JsonObject()
                        .put("username", username)
                        .put("email", username + "@example.com")
                        .put("password", PASSWORD),
                Map.of());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String signUpGateway = lastUpstream("POST /api/auth/register", (int) signUps);
        for (int attempt = 0; attempt < 4; attempt++) {
            long logins = logged("POST /api/auth/login");
            HttpResponse<String> login = front.send(
                    "POST",
                    "/api/auth/login",
                    null,
                    new JsonObject().put("login", username).put("password", PASSWORD),
                    Map.of());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            if (!lastUpstream("POST /api/auth/login", (int) logins).equals(signUpGateway)) {
                return new JsonObject(login.body()).getString("accessToken");
            }
        }
        throw new AssertionError("every login went to the sign-up's gateway " + signUpGateway);
    }

    @Test
    @Order(3)
    void twoStreamsOnTwoIngestNodesFailOverPlayAndBecomeOneVideoEach() throws Exception {
        String token = signUpAndLogInAcrossGateways("streamer");
        String userId = front.json("GET", "/api/auth/me", token, null)
                .getJsonObject("user")
                .getString("id");
        JsonObject a = front.json("POST", "/api/streams", token, new JsonObject().put("title", "Journey A"));
        JsonObject b = front.json("POST", "/api/streams", token, new JsonObject().put("title", "Journey B"));
        String srtFront = "srt://127.0.0.1:" + cluster.front().srtPort() + "?";
        assertThat(a.getString("srtUrl")).as("the API hands out the front").startsWith(srtFront);
        assertThat(b.getString("srtUrl")).startsWith(srtFront);
        String idA = a.getString("id");
        String idB = b.getString("id");

        // Published one after the other through the UDP front: least connections puts them on different nodes.
        Process publisherA = TestMedia.publish(media, a.getString("srtUrl"), dir.resolve("publisher-a.log"));
        Process publisherB = null;
        List<Process> publishers = new ArrayList<>(List.of(publisherA));
        try {
            long liveA = front.awaitStreamStatus(idA, "live", 30);
            publisherB = TestMedia.publish(media, b.getString("srtUrl"), dir.resolve("publisher-b.log"));
            publishers.add(publisherB);
            long liveB = front.awaitStreamStatus(idB, "live", 30);
            ClusterNode nodeA = cluster.ingestNodeOf(idA);
            ClusterNode nodeB = cluster.ingestNodeOf(idB);
            assertThat(nodeA.name()).as("the two publishers' ingest nodes").isNotEqualTo(nodeB.name());
            LivePlaylist firstA = awaitPlaylist(idA);
            awaitPlaylist(idB);

            // Both play in Chromium with hls.js; A goes on playing, in the same page, through its node's death.
            Path artifacts = BrowserRun.artifacts();
            JsonObject playedB = BrowserRun.run(
                    BrowserRun.e2eDir(),
                    "live-failover.mjs",
                    artifacts.resolve("cluster-live-b.png"),
                    Duration.ofSeconds(120),
                    List.of(
                            front.base,
                            idB,
                            artifacts.resolve("cluster-live-b.png").toString()));
            assertThat(playedB.getDouble("advanced")).isGreaterThanOrEqualTo(3.0);
            Path marker = dir.resolve("failover.marker");
            Path screenshotA = artifacts.resolve("cluster-failover-a.png");
            CompletableFuture<JsonObject> playingA = CompletableFuture.supplyAsync(() -> {
                try {
                    return BrowserRun.run(
                            BrowserRun.e2eDir(),
                            "live-failover.mjs",
                            screenshotA,
                            Duration.ofSeconds(180),
                            List.of(front.base, idA, screenshotA.toString(), marker.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitFile(Path.of(marker + ".playing"), playingA);

            IngestFailover.Result failover = IngestFailover.run(
                    front,
                    nodeA,
                    idA,
                    publisherA,
                    media,
                    a.getString("srtUrl"),
                    dir.resolve("publisher-a-again.log"),
                    FAILOVER_LIMIT);
            publishers.add(failover.publisher());
            Files.writeString(dir.resolve("failover.txt"), failover.elapsed().toMillis() + "\n");
            System.out.println("failover: SIGKILL of " + nodeA.name() + " to the first new segment listed in "
                    + failover.elapsed().toMillis() + " ms (" + failover.firstNewSegment() + ", "
                    + failover.attempts() + " connection attempts)");
            assertThat(failover.after().sessionId()).as("the same live session").isEqualTo(firstA.sessionId());
            assertThat(failover.after().discontinuityBefore(failover.firstNewSegment(), failover.before()))
                    .as("a discontinuity marks the reconnect")
                    .isTrue();
            // Each number the new node skips is listed as a gap; a run of them (the video numbered after audio's
            // shorter segments) stalled hls.js for minutes. A node's death mid-segment skips one or two.
            assertThat(failover.after().gaps())
                    .as("gaps listed for the numbers skipped at the failover")
                    .isLessThanOrEqualTo(2);
            assertThat(cluster.ingestNodeOf(idA).name()).as("A's new node").isEqualTo(nodeB.name());
            assertThat(front.json("GET", "/api/streams/" + idA, null, null).getString("status"))
                    .isEqualTo("live");
            Files.writeString(marker, Long.toString(failover.elapsed().toMillis()));
            JsonObject playedA =
                    playingA.get(190, TimeUnit.SECONDS); // past its 180 s run limit: the run says why it failed
            assertThat(playedA.getDouble("advancedAfterFailover"))
                    .as("played on in the same page")
                    .isGreaterThanOrEqualTo(6.0);

            // Stop both (each published 35 s at least: its video is long enough for the seek to 20 s): after the
            // grace each session becomes exactly one video, two recorders running.
            ApiClient.sleepUntil(liveB, 35);
            SrtPublisher.stop(failover.publisher());
            SrtPublisher.stop(publisherB);
            long stoppedAt = System.nanoTime();
            front.awaitStreamStatus(idA, "offline", GRACE_SECONDS + 30);
            front.awaitStreamStatus(idB, "offline", GRACE_SECONDS + 30);
            JsonArray videos = awaitVideos(token, userId, 2, Duration.ofSeconds(120));
            ApiClient.sleepUntil(stoppedAt, GRACE_SECONDS + 30); // time for a second recorder to (wrongly) finish too
            videos = front.json("GET", "/api/videos?owner=" + userId, token, null)
                    .getJsonArray("items");
            assertThat(videos.stream()
                            .map(v -> ((JsonObject) v).getString("streamId"))
                            .toList())
                    .as("exactly one video per stream")
                    .containsExactlyInAnyOrder(idA, idB);
            double publishedB = (stoppedAt - liveB) / 1e9;
            for (Object v : videos) {
                JsonObject video = (JsonObject) v;
                if (video.getString("streamId").equals(idB)) {
                    assertThat(video.getDouble("durationSeconds"))
                            .as("B whole")
                            .isBetween(publishedB - 6, publishedB + 2);
                } else {
                    // A: no duplicate and no hole beyond the outage.
                    double publishedA = (stoppedAt - liveA) / 1e9;
                    assertThat(video.getDouble("durationSeconds"))
                            .as("A without the outage")
                            .isBetween(publishedA - failover.elapsed().toSeconds() - 8, publishedA + 2);
                }
                JsonObject played = BrowserRun.run(
                        BrowserRun.e2eDir(),
                        "vod-playback.mjs",
                        front.base,
                        video.getString("hlsUrl"),
                        artifacts.resolve("cluster-vod-" + video.getString("streamId") + ".png"));
                assertThat(played.getDouble("afterSeek")).isGreaterThanOrEqualTo(22.0);
            }
        } finally {
            for (Process p : publishers) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Order(4)
    void aLoginBurstSpreadOverBothGatewaysHitsTheSharedLimit() throws Exception {
        // One client address (named by nginx's X-Forwarded-For, which the gateways trust) that has not logged in yet.
        Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113.77");
        long before = logged("POST /api/auth/login");
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 2 * LOGIN_LIMIT; i++) {
            HttpResponse<String> login = front.send(
                    "POST",
                    "/api/auth/login",
                    null,
                    new JsonObject().put("login", "burst-" + i).put("password", "not-the-password"),
                    client);
            answers.add(login.statusCode());
            if (login.statusCode() == 429) {
                assertThat(login.headers().firstValue("Retry-After"))
                        .as("429 says when")
                        .isPresent();
            }
        }
        List<String> burst = lastUpstreams("POST /api/auth/login", (int) before, 2 * LOGIN_LIMIT);
        for (ClusterNode gateway : cluster.nodes("gateway")) {
            assertThat(burst.stream()
                            .filter(u -> u.equals("127.0.0.1:" + gateway.httpPort()))
                            .count())
                    .as("attempts answered by " + gateway.name())
                    .isGreaterThanOrEqualTo(LOGIN_LIMIT / 2);
        }
        // Each gateway alone would let LOGIN_LIMIT through: together they let LOGIN_LIMIT through, not twice that.
        assertThat(answers.subList(0, LOGIN_LIMIT))
                .as("the first " + LOGIN_LIMIT)
                .doesNotContain(429);
        assertThat(answers.subList(LOGIN_LIMIT, answers.size())).as("the rest").containsOnly(429);
    }

    @Test
    @Order(5)
    void aRecorderKilledMidBuildLeavesTheJobToTheOther() throws Exception {
        String token = signUpAndLogInAcrossGateways("recorded");
        String userId = front.json("GET", "/api/auth/me", token, null)
                .getJsonObject("user")
                .getString("id");
        JsonObject stream = front.json("POST", "/api/streams", token, new JsonObject().put("title", "Takeover"));
        String id = stream.getString("id");
        Process publisher = TestMedia.publish(media, stream.getString("srtUrl"), dir.resolve("publisher-c.log"));
        try {
            ApiClient.sleepUntil(front.awaitStreamStatus(id, "live", 30), 40);
        } finally {
            SrtPublisher.stop(publisher);
        }

        // Whichever recorder claims the build dies as soon as its claim shows, before the build can be done.
        RecordingRows rows = new RecordingRows(cluster.database().port());
        Map<String, ClusterNode> recorders = new java.util.HashMap<>();
        for (ClusterNode recorder : cluster.nodes("recorder")) {
            recorders.put(recorder.health().getJsonObject("cluster").getString("nodeId"), recorder);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS + 60);
        RecordingRows.Row claimed = null;
        while (claimed == null) {
            List<RecordingRows.Row> now = rows.of(id);
            assertThat(now).as("one recording row").hasSizeLessThanOrEqualTo(1);
            if (!now.isEmpty() && now.get(0).status().equals("processing")) {
                claimed = now.get(0);
            } else {
                assertThat(now.isEmpty() ? "none" : now.get(0).status())
                        .as("the build starts")
                        .isNotEqualTo("ready");
                assertThat(System.nanoTime())
                        .as("a recorder claims the build: " + now)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        ClusterNode builder = recorders.get(claimed.claimedNode());
        assertThat(builder)
                .as("the claimant " + claimed.claimedNode() + " is one of " + recorders.keySet())
                .isNotNull();
        builder.kill();
        assertThat(rows.of(id).get(0).status()).as("killed mid-build").isEqualTo("processing");
        String survivor = recorders.entrySet().stream()
                .filter(e -> e.getValue() != builder)
                .findFirst()
                .orElseThrow()
                .getKey();

        // The other recorder claims the build again (its claim shows while it builds), then it is done.
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        RecordingRows.Row takeover = rows.of(id).get(0);
        while (!(takeover.status().equals("processing") && survivor.equals(takeover.claimedNode()))) {
            assertThat(takeover.status()).as("taken over before it is done").isNotEqualTo("ready");
            assertThat(System.nanoTime())
                    .as("the other recorder claims the build: " + takeover)
                    .isLessThan(deadline);
            Thread.sleep(50);
            takeover = rows.of(id).get(0);
        }
        assertThat(takeover.attempts())
                .as("the killed attempt and the takeover")
                .isEqualTo(2);
        JsonObject video =
                awaitVideos(token, userId, 1, Duration.ofSeconds(120)).getJsonObject(0);
        assertThat(video.getString("streamId")).isEqualTo(id);
        assertThat(video.getDouble("durationSeconds")).isBetween(34.0, 46.0);
        RecordingRows.Row done = rows.of(id).get(0);
        assertThat(done.status()).isEqualTo("ready");
        assertThat(done.attempts()).as("no third attempt").isEqualTo(2);
        assertThat(done.videoId()).isEqualTo(video.getString("id"));
        Thread.sleep(5_000); // an import the killed recorder had in flight would show now
        assertThat(front.json("GET", "/api/videos?owner=" + userId, token, null).getJsonArray("items"))
                .hasSize(1);
    }

    private LivePlaylist awaitPlaylist(String streamId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            LivePlaylist playlist = LivePlaylist.read(front, streamId);
            if (playlist != null && !playlist.segments().isEmpty()) {
                return playlist;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no live playlist for " + streamId);
    }

    private JsonArray awaitVideos(String token, String ownerId, int count, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonArray items = new JsonArray();
        while (System.nanoTime() < deadline) {
            items = front.json("GET", "/api/videos?owner=" + ownerId, token, null)
                    .getJsonArray("items");
            if (items.size() >= count) {
                return items;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(items.size() + " videos of " + count + "; recordings: "
                + front.get("/api/recordings", token).body());
    }

    private static void awaitFile(Path file, CompletableFuture<?> writer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file)) {
            if (writer.isDone()) {
                writer.get(); // its failure, or
                throw new AssertionError("ended without writing " + file);
            }
            assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The upstreams of the {@code count} {@code request}s after the first {@code skip} in nginx's access log. */
    private List<String> lastUpstreams(String request, int skip, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> upstreams = cluster.front().upstreamsOf(request);
        while (upstreams.size() < skip + count) {
            assertThat(System.nanoTime())
                    .as(count + " " + request + " in nginx's access log")
                    .isLessThan(deadline);
            Thread.sleep(50);
            upstreams = cluster.front().upstreamsOf(request);
        }
        return upstreams.subList(skip, skip + count);
    }

    /** The upstream of the {@code request} after the first {@code skip}: the gateway that answered it. */
    private String lastUpstream(String request, int skip) throws Exception {
        return lastUpstreams(request, skip, 1).get(0);
    }

    private long logged(String request) throws Exception {
        return cluster.front().upstreamsOf(request).size();
    }

    private static JsonObject awaitMembers(ClusterNode node, int members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonObject health = node.health();
        while (health.getJsonObject("cluster").getInteger("members") != members) {
            assertThat(System.nanoTime())
                    .as(node.name() + " sees " + members + " members: " + health)
                    .isLessThan(deadline);
            Thread.sleep(500);
            health = node.health();
        }
        return health;
    }
}
