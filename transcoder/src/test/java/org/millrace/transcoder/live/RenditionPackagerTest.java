package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.UploadSpoolLimits;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.HlsPart;
import org.millrace.hls.LiveUris;
import org.millrace.hls.LowLatency;
import org.millrace.hls.PlaylistTail;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.fmp4.DemuxedTracks;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * Real libx264 (B-frames, 2 s GOP) and AAC samples through one rendition's packager into local storage: parts put
 * before they are announced, segments that are their parts back to back, the classic playlist, parts deleted as
 * they age and a while after the session's end, gaps where storage refused, and a publisher that leaves and comes
 * back continuing the same open playlist after a discontinuity.
 */
class RenditionPackagerTest {
    private static final String PREFIX = "live/s1/k1/";
    private static final LiveSessionInfo INFO =
            new LiveSessionInfo("s1", "k1", false, Instant.now(), "127.0.0.1:1", 120, false);

    @TempDir
    static Path media;

    static DemuxedTracks tracks;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeMedia() throws Exception {
        tracks = DemuxedTracks.read(DemuxedTracks.make(media, 7, 60));
    }

    @Test
    void partsAreStoredBeforeTheyAreAnnouncedAndSegmentsAreTheirPartsBackToBack() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir.resolve("storage"))) {
            Run run = new Run(storage, 3, Duration.ofSeconds(2));
            run.feed("video", tracks.videoFormat(), tracks.video());
            run.close();
            SessionEnds ends = run.endSession(Duration.ofMillis(500));
            for (long seq = 0; seq < 4; seq++) {
                ByteArrayOutputStream parts = new ByteArrayOutputStream();
                for (int i = 0; run.partBytes.containsKey(LiveUris.part(seq, i)); i++) {
                    parts.writeBytes(run.partBytes.get(LiveUris.part(seq, i)));
                }
                assertThat(parts.size()).as("segment %d has parts", seq).isPositive();
                assertThat(read(storage, PREFIX + "video/" + LiveUris.segment(seq)))
                        .as("segment %d = its parts", seq)
                        .isEqualTo(parts.toByteArray());
            }
            awaitPartsGone(storage, PREFIX + "video/"); // a while after the end
            ends.close();
            assertThat(storage.list(PREFIX + "video/").stream().map(o -> o.key().substring(PREFIX.length())))
                    .containsExactlyInAnyOrder(
                            "video/init-0.mp4",
                            "video/0.m4s",
                            "video/1.m4s",
                            "video/2.m4s",
                            "video/3.m4s",
                            "video/index.m3u8");
            String playlist = new String(read(storage, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(playlist)
                    .contains("#EXT-X-MAP:URI=\"init-0.mp4\"", "0.m4s", "3.m4s", "#EXT-X-ENDLIST")
                    .doesNotContain("EXT-X-PART", "EXT-X-GAP");
            PlaylistTail last = run.tails.get(run.tails.size() - 1);
            assertThat(last.ended()).isTrue();
            assertThat(run.tails).anySatisfy(t -> assertThat(t.open()).isNotNull());
            for (PlaylistTail t : run.tails) {
                if (t.open() != null) {
                    assertThat(t.open().parts())
                            .allSatisfy(p -> assertThat(p.gap()).isFalse());
                    assertThat(t.open().parts().get(0).independent()).isTrue();
                }
            }
            // what was stored plays: every frame decodes from init + segments
            Path whole = dir.resolve("whole.mp4");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(read(storage, PREFIX + "video/init-0.mp4"));
            for (long seq = 0; seq < 4; seq++) {
                all.writeBytes(read(storage, PREFIX + "video/" + LiveUris.segment(seq)));
            }
            Files.write(whole, all.toByteArray());
            String frames = Commands.run(
                            List.of(
                                    "ffprobe",
                                    "-v",
                                    "error",
                                    "-count_frames",
                                    "-show_entries",
                                    "stream=nb_read_frames",
                                    "-of",
                                    "csv=p=0",
                                    whole.toString()),
                            60)
                    .strip();
            assertThat(frames).isEqualTo(Integer.toString(tracks.video().size()));
        }
    }

    @Test
    void partsAreDeletedOnceTheirSegmentIsThreeSegmentsPastTheListedOnes() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir.resolve("storage"))) {
            // 1 s audio segments, parts listed for 1 segment: parts live until their segment is 5 segments old
            Run run = new Run(storage, 1, Duration.ofSeconds(1));
            run.feed("audio", tracks.audioFormat(), tracks.audio());
            run.close();
            assertThat(run.checkedAges).isEqualTo(1); // 7 one-second segments: checked when 6 opens
            assertThat(run.ageViolations).isEmpty();
            assertThat(storage.list(PREFIX + "audio/").stream()
                            .filter(o -> o.key().split("\\.").length == 3))
                    .as("the publisher left, the session goes on: the last parts stay")
                    .isNotEmpty();
            SessionEnds ends = run.endSession(Duration.ofMillis(300));
            assertThat(storage.list(PREFIX + "audio/").stream()
                            .filter(o -> o.key().split("\\.").length == 3))
                    .as("kept a while after the session ended")
                    .isNotEmpty();
            awaitPartsGone(storage, PREFIX + "audio/");
            ends.close();
        }
    }

    @Test
    void aPartOrSegmentStorageRefusesIsListedAsAGap() throws Exception {
        try (LocalStorage local = new LocalStorage(dir.resolve("storage"))) {
            Predicate<String> failing = k -> k.endsWith("/1.2.m4s") || k.endsWith("/2.m4s");
            Storage storage = new FlakyStorage(local, Duration.ZERO, failing);
            Run run = new Run(storage, 3, Duration.ofSeconds(2));
            run.feed("video", tracks.videoFormat(), tracks.video());
            run.close();
            run.endSession(Duration.ofMillis(10)).close();
            assertThat(run.tails).anySatisfy(t -> {
                assertThat(t.open()).isNotNull();
                assertThat(t.open().sequence()).isEqualTo(1);
                assertThat(t.open().parts()).hasSizeGreaterThan(2);
                assertThat(t.open().parts().stream().map(HlsPart::gap)).startsWith(false, false, true);
            });
            String playlist = new String(read(local, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(playlist).containsOnlyOnce("#EXT-X-GAP");
            assertThat(playlist.substring(playlist.indexOf("#EXT-X-GAP")).split("\n")[1])
                    .isEqualTo("2.m4s");
        }
    }

    @Test
    void aPartStorageHeldUpASegmentDurationIsStoredAndOneHeldUpSeveralIsAGap() throws Exception {
        Duration segment = Duration.ofSeconds(2);
        // A hiccup of 1.5 segment durations (a busy node's first seconds after a failover): every part still goes
        // to storage, so players at the live edge never meet GAP=YES parts (hls.js stopped loading at one).
        List<HlsPart> hiccup = partsListedThrough(segment.multipliedBy(3).dividedBy(2), segment);
        assertThat(hiccup)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.gap()).as(p.uri()).isFalse());
        // Held up past LATE_PART_SEGMENTS segment durations (storage was down): what waited that long is a gap.
        List<HlsPart> outage = partsListedThrough(
                segment.multipliedBy(RenditionPackager.LATE_PART_SEGMENTS).plusMillis(500), segment);
        assertThat(outage).anySatisfy(p -> assertThat(p.gap()).as(p.uri()).isTrue());
    }

    /** Every part listed while the put of part 0.1 takes {@code stall} (the parts behind it wait as long). */
    private List<HlsPart> partsListedThrough(Duration stall, Duration segment) throws Exception {
        Path root = Files.createTempDirectory(dir, "stall");
        try (LocalStorage local = new LocalStorage(root)) {
            Storage stalling = new org.millrace.core.testing.ForwardingStorage(local) {
                @Override
                public void put(String key, Path file, String contentType) {
                    if (key.endsWith("video/" + LiveUris.part(0, 1))) {
                        pause(stall);
                    }
                    delegate.put(key, file, contentType);
                }
            };
            Run run = new Run(stalling, 3, segment);
            run.feed("video", tracks.videoFormat(), tracks.video());
            run.close();
            String playlist = new String(read(local, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(playlist).as("segments are stored whole either way").doesNotContain("#EXT-X-GAP");
            return run.tails.stream()
                    .filter(t -> t.open() != null)
                    .flatMap(t -> t.open().parts().stream())
                    .toList();
        }
    }

    @Test
    void whatTheSpoolHasNoRoomForIsListedAsAGapInOrder() throws Exception {
        try (LocalStorage local = new LocalStorage(dir.resolve("storage"))) {
            // a slow storage and room for one waiting object: most parts and segments are dropped on the way
            Storage slow = new FlakyStorage(local, Duration.ofMillis(150), k -> false);
            Duration segment = Duration.ofSeconds(2);
            SessionPlaylists playlists = new SessionPlaylists(
                    segment, Duration.ofHours(2), new LowLatency(Duration.ofMillis(333), 3, segment.multipliedBy(6)));
            Run run = new Run(slow, 3, segment, playlists, new UploadSpoolLimits(1, 1, Duration.ofSeconds(30)));
            run.feed("video", tracks.videoFormat(), tracks.video());
            run.close();
            run.endSession(Duration.ofMillis(10)).close();
            String playlist = new String(read(local, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(playlist.lines().filter(l -> l.endsWith(".m4s")))
                    .containsExactly("0.m4s", "1.m4s", "2.m4s", "3.m4s");
            assertThat(playlist).contains("#EXT-X-GAP", "#EXT-X-ENDLIST");
            List<HlsPart> told = run.tails.stream()
                    .filter(t -> t.open() != null)
                    .flatMap(t -> t.open().parts().stream())
                    .toList();
            assertThat(told).anySatisfy(p -> assertThat(p.gap()).isTrue());
            for (PlaylistTail t : run.tails) {
                if (t.open() != null) {
                    // every part index listed once, in order, gap or not
                    assertThat(t.open().parts().stream().map(HlsPart::index).toList())
                            .isEqualTo(java.util.stream.IntStream.range(
                                            0, t.open().parts().size())
                                    .boxed()
                                    .toList());
                }
            }
        }
    }

    @Test
    void aResumedPublisherContinuesTheOpenPlaylistAfterADiscontinuityWithItsOwnInit() throws Exception {
        try (LocalStorage storage = new LocalStorage(dir.resolve("storage"))) {
            Duration segment = Duration.ofSeconds(2);
            SessionPlaylists playlists = new SessionPlaylists(
                    segment, Duration.ofHours(2), new LowLatency(Duration.ofMillis(333), 3, segment.multipliedBy(6)));
            Run first = new Run(storage, 3, segment, playlists);
            first.feed("video", tracks.videoFormat(), tracks.video());
            first.close();
            // The publisher left; within the grace the playlist stays open and its newest parts stay in storage.
            String between = new String(read(storage, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(between).contains("3.m4s").doesNotContain("#EXT-X-ENDLIST");
            assertThat(first.tails).noneSatisfy(t -> assertThat(t.ended()).isTrue());
            assertThat(storage.stat(PREFIX + "video/" + LiveUris.part(3, 0))).isPresent();
            Run second = new Run(storage, 3, segment, playlists);
            assertThat(second.ctx.epoch().firstSequence()).isEqualTo(4);
            second.feed("video", tracks.videoFormat(), tracks.video());
            second.close();
            String playlist = new String(read(storage, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(playlist)
                    .containsOnlyOnce("#EXT-X-DISCONTINUITY")
                    .contains("init-4.mp4", "7.m4s")
                    .doesNotContain("#EXT-X-ENDLIST");
            // the media sequence goes on: every URI is its place in the playlist (HLS numbers by position)
            assertThat(playlist.lines().filter(l -> l.endsWith(".m4s")))
                    .containsExactly("0.m4s", "1.m4s", "2.m4s", "3.m4s", "4.m4s", "5.m4s", "6.m4s", "7.m4s");
            // the first epoch's parts went on aging in the second: segment 0's are gone, 7's are not
            assertThat(storage.stat(PREFIX + "video/" + LiveUris.part(0, 0))).isEmpty();
            assertThat(storage.stat(PREFIX + "video/" + LiveUris.part(7, 0))).isPresent();
            SessionEnds ends = second.endSession(Duration.ofMillis(300));
            String ended = new String(read(storage, PREFIX + "video/index.m3u8"), StandardCharsets.UTF_8);
            assertThat(ended).containsOnlyOnce("#EXT-X-DISCONTINUITY").endsWith("#EXT-X-ENDLIST\n");
            assertThat(second.tails.get(second.tails.size() - 1).ended()).isTrue();
            awaitPartsGone(storage, PREFIX + "video/");
            ends.close();
            String afterBreak = playlist.substring(playlist.indexOf("#EXT-X-DISCONTINUITY"));
            assertThat(afterBreak).contains("#EXT-X-MAP:URI=\"init-4.mp4\"").doesNotContain("\n3.m4s");
            assertThat(storage.stat(PREFIX + "video/init-4.mp4")).isPresent();
            // the open segment of the new epoch said so before its first segment was complete
            assertThat(second.tails.get(0).open().sequence()).isEqualTo(4);
            assertThat(second.tails.get(0).open().discontinuity()).isTrue();
            assertThat(second.tails.get(0).open().mapUri()).isEqualTo("init-4.mp4");
        }
    }

    /** Parts (names {@code <seq>.<i>.m4s}) under the prefix disappear within a few seconds. */
    private static void awaitPartsGone(Storage storage, String prefix) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (storage.list(prefix).stream().noneMatch(o -> o.key().split("\\.").length == 3)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("parts still stored under " + prefix + ": " + storage.list(prefix));
    }

    private static byte[] read(Storage storage, String key) throws Exception {
        try (StorageObject o = storage.get(key)) {
            return o.readAllBytes();
        }
    }

    /** One epoch's context around a packager, a listener that checks what it is told against storage. */
    private final class Run {
        final Storage storage;
        final SegmentUploader uploader;
        final TrackContext ctx;
        final SessionPlaylists playlists;
        final List<PlaylistTail> tails = new CopyOnWriteArrayList<>();
        final Map<String, byte[]> partBytes = new ConcurrentHashMap<>();
        final List<String> ageViolations = new CopyOnWriteArrayList<>();
        final int partSegments;
        volatile int checkedAges;

        Run(Storage storage, int partSegments, Duration segment) throws Exception {
            this(
                    storage,
                    partSegments,
                    segment,
                    new SessionPlaylists(
                            segment,
                            Duration.ofHours(2),
                            new LowLatency(Duration.ofMillis(333), partSegments, segment.multipliedBy(6))));
        }

        Run(Storage storage, int partSegments, Duration segment, SessionPlaylists playlists) throws Exception {
            this(storage, partSegments, segment, playlists, UploadSpoolLimits.defaults());
        }

        Run(Storage storage, int partSegments, Duration segment, SessionPlaylists playlists, UploadSpoolLimits limits)
                throws Exception {
            this.storage = storage;
            this.partSegments = partSegments;
            this.playlists = playlists;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            PipelineMetrics metrics = new PipelineMetrics(registry, "s1");
            UploadSpool spool = new UploadSpool(limits, registry);
            uploader = new SegmentUploader(
                    storage,
                    spool.account(),
                    Duration.ofMillis(10),
                    Duration.ofMillis(200),
                    metrics,
                    "s1",
                    "test-uploader");
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            SessionPlaylists.Epoch epoch =
                    playlists.settle(playlists.startEpoch(done, done), StoredSegments.Continuation.NONE);
            ctx = new TrackContext(
                    INFO,
                    PREFIX,
                    playlists,
                    epoch,
                    Instant.now(),
                    uploader,
                    metrics,
                    dir.resolve("work"),
                    Duration.ofMillis(333),
                    segment,
                    partSegments,
                    this::told,
                    () -> {});
        }

        void feed(String name, TrackFormat format, List<Sample> samples) throws Exception {
            RenditionPackager packager = new RenditionPackager(name, ctx);
            packager.start(format);
            for (Sample s : samples) {
                packager.accept(s);
            }
            packager.finish();
        }

        void close() {
            uploader.close(Duration.ofSeconds(30));
        }

        /** The session is over: its playlists end now, its parts {@code partsKept} later (close the answer after). */
        SessionEnds endSession(Duration partsKept) throws Exception {
            SessionEnds ends = new SessionEnds(
                    storage, this::told, partSegments, partsKept, Duration.ofSeconds(2), Duration.ofHours(2));
            ends.end(INFO, PREFIX, playlists).get(10, java.util.concurrent.TimeUnit.SECONDS);
            return ends;
        }

        private void told(LiveSessionInfo info, String rendition, PlaylistTail tail) {
            tails.add(tail);
            if (tail.open() == null || tail.open().parts().isEmpty()) {
                return;
            }
            HlsPart newest = tail.open().parts().get(tail.open().parts().size() - 1);
            String key = PREFIX + rendition + "/" + newest.uri();
            if (!newest.gap()) {
                try {
                    partBytes.put(newest.uri(), read(storage, key)); // in storage before it is announced
                } catch (Exception e) {
                    throw new AssertionError("announced before stored: " + key, e);
                }
            }
            if (newest.index() == 0) {
                // the last complete segment is open - 1; parts of segments more than partSegments + 3 older are gone
                long last = tail.open().sequence() - 1;
                long gone = last - partSegments - RenditionPackager.PARTS_KEPT_SEGMENTS - 1;
                long kept = last - partSegments - RenditionPackager.PARTS_KEPT_SEGMENTS;
                if (gone >= 0) {
                    checkedAges++;
                    if (storage.stat(PREFIX + rendition + "/" + LiveUris.part(gone, 0))
                            .isPresent()) {
                        ageViolations.add("parts of " + gone + " still stored after " + last);
                    }
                    if (storage.stat(PREFIX + rendition + "/" + LiveUris.part(kept, 0))
                            .isEmpty()) {
                        ageViolations.add("parts of " + kept + " deleted after " + last);
                    }
                }
            }
        }
    }
}
