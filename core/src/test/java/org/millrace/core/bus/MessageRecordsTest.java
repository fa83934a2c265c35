package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.millrace.core.media.LiveMediaError;
import org.millrace.core.media.RenditionInfo;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.OpenSegment;
import org.millrace.hls.PlaylistTail;

/** Every message record that crosses a JVM survives its codec, and reads today's wire JSON. */
class MessageRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:01.123456Z");

    record Sample<T>(T message, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
        @Override
        public String toString() {
            return message.getClass().getSimpleName() + ": " + message;
        }
    }

    static Stream<Sample<?>> samples() {
        return Stream.of(
                new Sample<>(LiveEvent.of(LiveEvents.STARTED, "st-1", "se-1"), LiveEvent::toJson, LiveEvent::fromJson),
                new Sample<>(
                        LiveEvent.renditions(
                                "st-1",
                                "se-1",
                                List.of(
                                        new RenditionInfo("720p", 1280, 720, 3_000_000, 30.0),
                                        new RenditionInfo("source", 1920, 1080, 6_000_000, 29.97))),
                        LiveEvent::toJson,
                        LiveEvent::fromJson),
                new Sample<>(
                        new AuthorizePublish("key", "secret-pass", true, "node-a", 12),
                        AuthorizePublish::toJson,
                        AuthorizePublish::fromJson),
                new Sample<>(
                        new AuthorizePublish("key", null, null, null, null),
                        AuthorizePublish::toJson,
                        AuthorizePublish::fromJson),
                new Sample<>(
                        PublishAuthorization.allow("st-1", "secret-pass", "grant"),
                        PublishAuthorization::toJson,
                        PublishAuthorization::fromJson),
                new Sample<>(
                        PublishAuthorization.refuse(PublishAuthorization.ALREADY_LIVE),
                        PublishAuthorization::toJson,
                        PublishAuthorization::fromJson),
                new Sample<>(
                        PublishAuthorization.refuse(PublishAuthorization.INGEST_FULL),
                        PublishAuthorization::toJson,
                        PublishAuthorization::fromJson),
                new Sample<>(
                        new PublishStarted("st-1", "10.0.0.7:4000", "grant", "node-a", 3),
                        PublishStarted::toJson,
                        PublishStarted::fromJson),
                new Sample<>(
                        new PublishStarted("st-1", "10.0.0.7:4000", "grant", "node-a", null),
                        PublishStarted::toJson,
                        PublishStarted::fromJson),
                new Sample<>(
                        new PublishStarted("st-1", null, null, null, null),
                        PublishStarted::toJson,
                        PublishStarted::fromJson),
                new Sample<>(
                        new SessionAssignment("st-1", "se-1", T0, true),
                        SessionAssignment::toJson,
                        SessionAssignment::fromJson),
                new Sample<>(
                        new PublishStopped("st-1", "se-1", "node-a"), PublishStopped::toJson, PublishStopped::fromJson),
                new Sample<>(new PublishStopped("st-1", null, null), PublishStopped::toJson, PublishStopped::fromJson),
                new Sample<>(new IngestStarted("node-a"), IngestStarted::toJson, IngestStarted::fromJson),
                new Sample<>(new IngestStarted(null), IngestStarted::toJson, IngestStarted::fromJson),
                new Sample<>(new IngestStarted.Answer(3), IngestStarted.Answer::toJson, IngestStarted.Answer::fromJson),
                new Sample<>(
                        new StreamLiveStatus("st-1", "reconnecting"),
                        StreamLiveStatus::toJson,
                        StreamLiveStatus::fromJson),
                new Sample<>(new SessionQuery("st-1", "se-1"), SessionQuery::toJson, SessionQuery::fromJson),
                new Sample<>(
                        new SessionDetails(
                                "st-1",
                                "Show",
                                "",
                                "u-1",
                                "ann",
                                "private",
                                "offline",
                                null,
                                "se-1",
                                T0,
                                T0.plusSeconds(60)),
                        SessionDetails::toJson,
                        SessionDetails::fromJson),
                new Sample<>(
                        new SessionDetails(
                                "st-1", "Show", "desc", "u-1", "ann", "public", "live", "se-1", "se-1", T0, null),
                        SessionDetails::toJson,
                        SessionDetails::fromJson),
                new Sample<>(new PlaybackQuery("v-1"), PlaybackQuery::toJson, PlaybackQuery::fromJson),
                new Sample<>(
                        new UploadCreate(
                                "u-1",
                                "ann",
                                "clip.mp4",
                                "Clip",
                                "",
                                List.of("cats", "x"),
                                "unlisted",
                                123_456_789_012L),
                        UploadCreate::toJson,
                        UploadCreate::fromJson),
                new Sample<>(
                        new UploadCreate("u-1", "ann", null, null, null, List.of(), null, 0),
                        UploadCreate::toJson,
                        UploadCreate::fromJson),
                new Sample<>(new UploadQuery("up-1", "u-1"), UploadQuery::toJson, UploadQuery::fromJson),
                new Sample<>(
                        new UploadClaim("up-1", "u-1", 8_388_608L, "gw-a:7"),
                        UploadClaim::toJson,
                        UploadClaim::fromJson),
                new Sample<>(
                        new UploadAdvance(
                                "up-1",
                                "gw-a:7",
                                0,
                                8_388_608L,
                                new JsonObject()
                                        .put("multipartId", "m")
                                        .put(
                                                "parts",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("n", 1)
                                                                .put("etag", "e")
                                                                .put("size", 8_388_608L))),
                                true,
                                true),
                        UploadAdvance::toJson,
                        UploadAdvance::fromJson),
                new Sample<>(
                        new UploadAdvance("up-1", "gw-a:7", 5, 5, null, false, false),
                        UploadAdvance::toJson,
                        UploadAdvance::fromJson),
                new Sample<>(
                        new UploadState("up-1", "u-1", "uploading", 10, 20, new JsonObject(), T0),
                        UploadState::toJson,
                        UploadState::fromJson),
                new Sample<>(
                        new UploadState("up-1", "u-1", "queued", 20, 20, null, null),
                        UploadState::toJson,
                        UploadState::fromJson),
                new Sample<>(
                        new VideoPlayback(
                                "v-1",
                                "private",
                                "u-1",
                                "live/st-1/se-1/",
                                "vod.m3u8",
                                "recordings/r-1/video.mp4",
                                null,
                                "recordings/r-1/thumbs/"),
                        VideoPlayback::toJson,
                        VideoPlayback::fromJson),
                new Sample<>(
                        new PublisherStatsQuery("st-1"), PublisherStatsQuery::toJson, PublisherStatsQuery::fromJson),
                new Sample<>(PublisherStats.disconnected("st-1"), PublisherStats::toJson, PublisherStats::fromJson),
                new Sample<>(connectedStats(), PublisherStats::toJson, PublisherStats::fromJson),
                new Sample<>(importBody(), VideoImportBody::toJson, VideoImportBody::fromJson),
                new Sample<>(
                        new PublishRevoked("st-1", PublishRevoked.DELETED),
                        PublishRevoked::toJson,
                        PublishRevoked::fromJson),
                new Sample<>(playlistUpdate(), LivePlaylistUpdate::toJson, LivePlaylistUpdate::fromJson),
                new Sample<>(
                        new LivePlaylistUpdate("st-1", "se-1", "audio", new PlaylistTail(9, List.of(), null, true)),
                        LivePlaylistUpdate::toJson,
                        LivePlaylistUpdate::fromJson));
    }

    static PublisherStats connectedStats() {
        return new PublisherStats(
                "st-1",
                new PublisherStats.Link(2500.5, 12.3, 0.4, 7, 1000, 1_316_000, 4, 1, 120, 200, true, "1.5.3", 0),
                29.9,
                1.24,
                new LiveMediaError("resolution_changed", "1280x720 → 640x360", T0, true));
    }

    /** A tail with every kind of field set: a discontinuity, a gap segment, parts, a gap part and an open segment. */
    static LivePlaylistUpdate playlistUpdate() {
        HlsSegment before = new HlsSegment(41, 1.981, "41.m4s", T0, "init-0.mp4", false, true);
        HlsSegment complete = new HlsSegment(
                42,
                2.002,
                "42.m4s",
                T0.plusMillis(1981),
                "init-42.mp4",
                true,
                false,
                List.of(
                        new HlsPart(0, 0.334, "42.0.m4s", true, false),
                        new HlsPart(1, 0.333, "42.1.m4s", false, true)));
        OpenSegment open = new OpenSegment(
                43, T0.plusMillis(3983), "init-42.mp4", false, List.of(new HlsPart(0, 0.3, "43.0.m4s", true, false)));
        return new LivePlaylistUpdate(
                "st-1", "se-1", "720p", new PlaylistTail(1234, List.of(before, complete), open, false));
    }

    @Test
    void aMalformedPlaylistTailNamesItsField() {
        JsonObject good = playlistUpdate().toJson();
        assertMalformed(() -> LivePlaylistUpdate.fromJson(good.copy().put("tail", "x")), "tail");
        assertMalformed(() -> LivePlaylistUpdate.fromJson(without(good, "rendition")), "rendition");
        JsonObject tail = good.getJsonObject("tail");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(good.copy().put("tail", without(tail, "version"))), "version");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        good.copy().put("tail", tail.copy().put("version", 1.5))),
                "version");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        good.copy().put("tail", tail.copy().put("segments", new JsonArray().add(1)))),
                "segments");
        JsonObject segment = tail.getJsonArray("segments").getJsonObject(1);
        for (String field : List.of("sequence", "duration", "uri", "programDateTime")) {
            assertMalformed(() -> LivePlaylistUpdate.fromJson(withSegment(good, without(segment, field))), field);
        }
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        withSegment(good, segment.copy().put("sequence", -1))),
                "sequence");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        withSegment(good, segment.copy().put("duration", "2"))),
                "duration");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        withSegment(good, segment.copy().put("programDateTime", "yesterday"))),
                "programDateTime");
        JsonObject part = segment.getJsonArray("parts").getJsonObject(0);
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        withSegment(good, segment.copy().put("parts", new JsonArray().add(without(part, "uri"))))),
                "uri");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(withSegment(
                        good,
                        segment.copy()
                                .put("parts", new JsonArray().add(part.copy().put("index", -2))))),
                "index");
        JsonArray many = new JsonArray();
        for (int i = 0; i <= PlaylistTailJson.MAX_SEGMENTS; i++) {
            many.add(segment);
        }
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        good.copy().put("tail", tail.copy().put("segments", many))),
                "segments");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(good.copy()
                        .put("tail", tail.copy().put("open", without(tail.getJsonObject("open"), "sequence")))),
                "sequence");
    }

    @Test
    void aTailWhoseUrisWouldWriteAnythingButARelativeFileNameIsMalformed() {
        // What a tail names is written into every viewer's playlist: a line break adds tags, a quote ends the
        // attribute, a leading // or a scheme sends players to another host.
        JsonObject good = playlistUpdate().toJson();
        JsonObject tail = good.getJsonObject("tail");
        JsonObject segment = tail.getJsonArray("segments").getJsonObject(1);
        for (String hostile : List.of(
                "42.m4s\n#EXT-X-ENDLIST",
                "42.m4s\"",
                "//evil.example/42.m4s",
                "https://evil.example/42.m4s",
                "/42.m4s",
                "x".repeat(300),
                "42 .m4s")) {
            assertMalformed(
                    () -> LivePlaylistUpdate.fromJson(
                            withSegment(good, segment.copy().put("uri", hostile))),
                    "uri");
            assertMalformed(
                    () -> LivePlaylistUpdate.fromJson(
                            withSegment(good, segment.copy().put("mapUri", hostile))),
                    "mapUri");
            JsonObject part =
                    segment.getJsonArray("parts").getJsonObject(0).copy().put("uri", hostile);
            assertMalformed(
                    () -> LivePlaylistUpdate.fromJson(
                            withSegment(good, segment.copy().put("parts", new JsonArray().add(part)))),
                    "uri");
            assertMalformed(
                    () -> LivePlaylistUpdate.fromJson(good.copy()
                            .put(
                                    "tail",
                                    tail.copy()
                                            .put(
                                                    "open",
                                                    tail.getJsonObject("open")
                                                            .copy()
                                                            .put("mapUri", hostile)))),
                    "mapUri");
        }
        // Names in a directory below, as a resumed session's older files may have, still pass.
        assertThat(LivePlaylistUpdate.fromJson(withSegment(good, segment.copy().put("uri", "old/seg_0042.m4s")))
                        .tail()
                        .segments()
                        .get(0)
                        .uri())
                .isEqualTo("old/seg_0042.m4s");
    }

    @Test
    void partsNumberedOtherwiseThanZeroOneTwoAreMalformed() {
        // The preload hint and part requests count a segment's parts: index i must be the i-th part.
        JsonObject good = playlistUpdate().toJson();
        JsonObject segment = good.getJsonObject("tail").getJsonArray("segments").getJsonObject(1);
        JsonArray parts = segment.getJsonArray("parts");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(
                        withSegment(good, segment.copy().put("parts", new JsonArray().add(parts.getJsonObject(1))))),
                "index");
        assertMalformed(
                () -> LivePlaylistUpdate.fromJson(withSegment(
                        good,
                        segment.copy()
                                .put(
                                        "parts",
                                        new JsonArray()
                                                .add(parts.getJsonObject(0))
                                                .add(parts.getJsonObject(0))))),
                "index");
    }

    private static JsonObject without(JsonObject json, String field) {
        JsonObject copy = json.copy();
        copy.remove(field);
        return copy;
    }

    private static JsonObject withSegment(JsonObject update, JsonObject segment) {
        JsonObject tail = update.getJsonObject("tail").copy().put("segments", new JsonArray().add(segment));
        return update.copy().put("tail", tail);
    }

    static VideoImportBody importBody() {
        return new VideoImportBody(
                "r-1",
                "st-1",
                "se-1",
                "u-1",
                "ann",
                "Show — 2026-11-30 12:00 UTC",
                "",
                "public",
                List.of("games"),
                T0,
                61.5,
                1280,
                720,
                "recordings/r-1/video.mp4",
                9_000_000,
                "recordings/r-1/poster.jpg",
                "recordings/r-1/thumbs/",
                List.of(
                        new VideoImportBody.Thumbnail(0, "recordings/r-1/thumbs/0.jpg"),
                        new VideoImportBody.Thumbnail(10, "recordings/r-1/thumbs/1.jpg")),
                "live/st-1/se-1/",
                "vod.m3u8");
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void survivesTheWireFormat(Sample<T> sample) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) sample.message().getClass();
        JsonMessageCodec<T> codec = new JsonMessageCodec<>(type, sample.toJson(), sample.fromJson());
        Buffer wire = Buffer.buffer("xyz");
        codec.encodeToWire(wire, sample.message());
        assertThat(codec.decodeFromWire(3, wire)).isEqualTo(sample.message());
        // Also as the JSON body of a ServiceRequest / ServiceResponse, encoded to text and back.
        JsonObject text = new JsonObject(sample.toJson().apply(sample.message()).encode());
        assertThat(sample.fromJson().apply(text)).isEqualTo(sample.message());
    }

    @Test
    void liveEventsKeepTodaysFieldNames() {
        assertThat(LiveEvent.fromJson(new JsonObject()
                        .put("type", "stream.ended")
                        .put("streamId", "st-1")
                        .put("sessionId", "se-1")
                        .put("at", T0.toString())
                        .put("addedLater", 1)))
                .isEqualTo(new LiveEvent(LiveEvents.ENDED, "st-1", "se-1", T0, List.of()));
        JsonObject renditions = LiveEvent.renditions(
                        "st-1", "se-1", List.of(new RenditionInfo("720p", 1280, 720, 3_000_000, 30.0)))
                .toJson();
        assertThat(renditions)
                .isEqualTo(new JsonObject()
                        .put("type", "stream.renditions")
                        .put("streamId", "st-1")
                        .put("sessionId", "se-1")
                        .put(
                                "renditions",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "720p")
                                                .put("width", 1280)
                                                .put("height", 720)
                                                .put("bandwidth", 3_000_000L)
                                                .put("frameRate", 30.0))));
        assertThatThrownBy(() -> LiveEvent.fromJson(new JsonObject().put("type", "stream.ended")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishStartedCarriesTheIngestNodeOnlyWhenKnown() {
        assertThat(new PublishStarted("st-1", "h:1", "g", null, null).toJson().containsKey("ingestNode"))
                .isFalse();
        assertThat(new PublishStarted("st-1", "h:1", "g", "node-b", null)
                        .toJson()
                        .getString("ingestNode"))
                .isEqualTo("node-b");
        assertThat(PublishStarted.fromJson(new JsonObject().put("streamId", "st-1"))
                        .ingestNode())
                .isNull();
    }

    @Test
    void ingestReportsNameTheirNodeAndCapacityOnlyWhenKnown() {
        JsonObject ask = new AuthorizePublish("key", null, false, "node-a", 4).toJson();
        assertThat(ask)
                .isEqualTo(new JsonObject()
                        .put("streamKey", "key")
                        .put("encrypted", false)
                        .put("ingestNode", "node-a")
                        .put("ingestCapacity", 4));
        assertThat(new AuthorizePublish("key", null, null, null, null).toJson().fieldNames())
                .containsExactly("streamKey");
        assertThat(new PublishStarted("st-1", "h:1", "g", "node-a", 2).toJson().getInteger("ingestCapacity"))
                .isEqualTo(2);
        assertThat(new PublishStarted("st-1", "h:1", "g", "node-a", null)
                        .toJson()
                        .containsKey("ingestCapacity"))
                .isFalse();
        assertThat(new PublishStopped("st-1", "se-1", null).toJson().containsKey("ingestNode"))
                .isFalse();
        assertThat(new PublishStopped("st-1", "se-1", "node-a").toJson().getString("ingestNode"))
                .isEqualTo("node-a");
        // Senders from before several nodes: no node, no capacity (no limit).
        AuthorizePublish old = AuthorizePublish.fromJson(new JsonObject().put("streamKey", "key"));
        assertThat(old.ingestNode()).isNull();
        assertThat(old.ingestCapacity()).isNull();
        assertThat(PublishStopped.fromJson(new JsonObject().put("streamId", "st-1"))
                        .ingestNode())
                .isNull();
        // A whole number read back from JSON text as any Number type is the capacity.
        assertThat(PublishStarted.fromJson(
                                new JsonObject().put("streamId", "st-1").put("ingestCapacity", 7L))
                        .ingestCapacity())
                .isEqualTo(7);
    }

    @Test
    void anIngestCapacityIsAPositiveWholeNumber() {
        for (Object bad : new Object[] {0, -3, 1.5, "3", true, 1e12}) {
            assertMalformed(
                    () -> AuthorizePublish.fromJson(
                            new JsonObject().put("streamKey", "key").put("ingestCapacity", bad)),
                    "ingestCapacity");
            assertMalformed(
                    () -> PublishStarted.fromJson(
                            new JsonObject().put("streamId", "st-1").put("ingestCapacity", bad)),
                    "ingestCapacity");
        }
        assertMalformed(() -> new AuthorizePublish("key", null, null, "node-a", 0), "ingestCapacity");
        assertMalformed(() -> new PublishStarted("st-1", null, null, "node-a", -1), "ingestCapacity");
        assertMalformed(
                () -> PublishStopped.fromJson(
                        new JsonObject().put("streamId", "st-1").put("ingestNode", 5)),
                "ingestNode");
        assertThat(new MalformedMessage("ingestCapacity", "x")
                        .toServiceException()
                        .code())
                .isEqualTo("invalid_ingest_capacity");
    }

    @Test
    void anAuthorizationThatDoesNotSayAllowedIsARefusal() {
        assertThat(PublishAuthorization.fromJson(new JsonObject()).allowed()).isFalse();
        assertThat(PublishAuthorization.fromJson(new JsonObject().put("allowed", false))
                        .reason())
                .isEqualTo("unspecified");
        assertThat(PublishAuthorization.fromJson(
                                new JsonObject().put("allowed", false).put("reason", "ingest_full"))
                        .reason())
                .isEqualTo(PublishAuthorization.INGEST_FULL);
        assertThatThrownBy(() -> PublishAuthorization.fromJson(new JsonObject().put("allowed", true)))
                .isInstanceOf(MalformedMessage.class);
        assertThat(PublishAuthorization.allow("st-1", "secret-pass", "grant").toString())
                .doesNotContain("secret");
    }

    @Test
    void statsWithoutAConnectionCarryNoMeasures() {
        assertThat(PublisherStats.disconnected("st-1").toJson())
                .isEqualTo(new JsonObject().put("streamId", "st-1").put("connected", false));
        assertThat(PublisherStats.fromJson(new JsonObject()).connected()).isFalse();
        JsonObject wire = connectedStats().toJson();
        assertThat(wire.fieldNames())
                .contains("bitrateKbps", "rttMs", "packetLossPercent", "retransmits", "fps", "speed", "mediaError");
        assertThat(wire.getJsonObject("mediaError").getString("at")).isEqualTo(T0.toString());
    }

    @Test
    void sessionDetailsNestTheSessionAndDefaultWhatOlderSendersLeftOut() {
        JsonObject wire = new SessionDetails(
                        "st-1", "Show", "", "u-1", "ann", "public", "live", "se-1", "se-1", T0, null)
                .toJson();
        assertThat(wire.getJsonObject("session"))
                .isEqualTo(new JsonObject()
                        .put("id", "se-1")
                        .put("startedAt", T0.toString())
                        .putNull("endedAt"));
        wire.remove("description");
        wire.remove("recordingVisibility");
        SessionDetails read = SessionDetails.fromJson(wire);
        assertThat(read.description()).isEmpty();
        assertThat(read.recordingVisibility()).isEqualTo("public");
        assertThatThrownBy(() -> SessionDetails.fromJson(new JsonObject().put("streamId", "st-1")))
                .isInstanceOf(MalformedMessage.class);
    }

    @Test
    void malformedFieldsAreNamed() {
        JsonObject body = importBody().toJson();
        assertMalformed(() -> VideoImportBody.fromJson(body.copy().put("durationSeconds", "30")), "durationSeconds");
        assertMalformed(() -> VideoImportBody.fromJson(body.copy().put("height", 12.5)), "height");
        assertMalformed(() -> VideoImportBody.fromJson(body.copy().put("recordedAt", "yesterday")), "recordedAt");
        assertMalformed(
                () -> VideoImportBody.fromJson(body.copy().put("thumbnails", new JsonArray().add("a.jpg"))),
                "thumbnails");
        assertMalformed(() -> VideoImportBody.fromJson(body.copy().put("tags", new JsonArray().add(3))), "tags");
        JsonObject missing = body.copy();
        missing.remove("mp4Key");
        assertMalformed(() -> VideoImportBody.fromJson(missing), "mp4Key");
        JsonObject optional = body.copy();
        optional.remove("description");
        optional.remove("tags");
        assertThat(VideoImportBody.fromJson(optional).tags()).isEmpty();
        assertMalformed(() -> AuthorizePublish.fromJson(new JsonObject().put("encrypted", "no")), "encrypted");
        assertMalformed(() -> new SessionQuery("st-1", null), "sessionId");
        assertThat(new MalformedMessage("streamKey", "x").toServiceException().code())
                .isEqualTo("invalid_stream_key");
    }

    @Test
    void malformedFieldsSayWhatTheyMustBe() {
        JsonObject body = importBody().toJson();
        assertMessage(() -> VideoImportBody.fromJson(body.copy().put("title", 3)), "title must be a string");
        assertMessage(() -> VideoImportBody.fromJson(body.copy().put("title", "")), "title is required");
        assertMessage(
                () -> VideoImportBody.fromJson(body.copy().put("durationSeconds", "30")),
                "durationSeconds must be a number");
        assertMessage(
                () -> VideoImportBody.fromJson(body.copy().put("thumbnails", "a.jpg")), "thumbnails must be a list");
        for (String field : List.of("durationSeconds", "recordedAt", "thumbnails")) {
            JsonObject missing = body.copy();
            missing.remove(field);
            assertMessage(() -> VideoImportBody.fromJson(missing), field + " is required");
        }
        assertMessage(
                () -> AuthorizePublish.fromJson(new JsonObject().put("encrypted", "no")),
                "encrypted must be true or false");
        assertMessage(() -> SessionDetails.fromJson(new JsonObject().put("streamId", "st-1")), "session is required");
        assertMessage(
                () -> SessionDetails.fromJson(
                        new JsonObject().put("streamId", "st-1").put("session", "se-1")),
                "session must be an object");
    }

    private static void assertMalformed(Runnable read, String field) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(MalformedMessage.class, m -> assertThat(m.field())
                .isEqualTo(field));
    }

    private static void assertMessage(Runnable read, String message) {
        assertThatThrownBy(read::run).isInstanceOf(MalformedMessage.class).hasMessage(message);
    }

    @Test
    void liveEventsReachEveryConsumerAsRecords() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx.eventBus());
            CompletableFuture<LiveEvent> first = new CompletableFuture<>();
            CompletableFuture<LiveEvent> second = new CompletableFuture<>();
            vertx.eventBus()
                    .<LiveEvent>consumer(Addresses.EVENTS_LIVE, m -> first.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            vertx.eventBus()
                    .<LiveEvent>consumer(Addresses.EVENTS_LIVE, m -> second.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            LiveEvent sent = LiveEvent.of(LiveEvents.INTERRUPTED, "st-1", "se-1");
            vertx.eventBus().publish(Addresses.EVENTS_LIVE, sent);
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
