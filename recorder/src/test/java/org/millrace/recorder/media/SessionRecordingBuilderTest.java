package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * Records a real two-epoch session (12 s, then a resume of 6 s) made by the transcoder, and checks the MP4, the VOD
 * playlists and the images with Debian's ffprobe/ffmpeg.
 */
class SessionRecordingBuilderTest {
    private static final String STREAM = "strm";
    private static final String SESSION = "sess";
    private static final String PREFIX = StorageLayout.liveSession(STREAM, SESSION);

    @TempDir
    static Path shared;

    static LocalStorage storage;
    static RecordingMedia media;
    static Path workDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void recordASession() throws Exception {
        storage = new LocalStorage(shared.resolve("storage"));
        LiveSessionMaker maker = new LiveSessionMaker(shared, storage);
        maker.publish(STREAM, SESSION, false, 12);
        maker.publish(STREAM, SESSION, true, 6);
        maker.end(STREAM, SESSION);
        workDir = shared.resolve("recorder");
        media = new SessionRecordingBuilder(storage, workDir, VodImageSettings.defaults())
                .build(STREAM, SESSION, "rec1");
    }

    @Test
    void theMp4IsFastStartWithVideoAndAudioAndLastsAsLongAsTheSegments() throws Exception {
        Path mp4 = download(media.mp4Key(), tmp.resolve("video.mp4"));
        assertThat(media.mp4Key()).isEqualTo("recordings/rec1/video.mp4");
        assertThat(media.mp4Bytes()).isEqualTo(Files.size(mp4));
        List<String> boxes = topLevelBoxes(Files.readAllBytes(mp4));
        assertThat(boxes).contains("moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("moov before mdat: %s", boxes).isLessThan(boxes.indexOf("mdat"));

        double segments = segmentSeconds("source");
        assertThat(segments).isBetween(16.0, 19.0);
        String probe = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration:stream=codec_type,width,height",
                        "-of",
                        "default=nw=1",
                        mp4.toString()),
                60);
        double duration = Double.parseDouble(probe.lines()
                .filter(l -> l.startsWith("duration="))
                .findFirst()
                .orElseThrow()
                .substring("duration=".length()));
        assertThat(duration).isCloseTo(segments, org.assertj.core.data.Offset.offset(0.5));
        assertThat(media.durationSeconds()).isCloseTo(segments, org.assertj.core.data.Offset.offset(0.5));
        assertThat(probe).contains("codec_type=video", "codec_type=audio", "width=854", "height=480");
        assertThat(media.width()).isEqualTo(854);
        assertThat(media.height()).isEqualTo(480);

        assertThat(LiveSessionMaker.decodeErrors(mp4)).as("decode errors").isEmpty();
        try (Stream<Path> left = Files.walk(workDir)) {
            // What stays is the builder's own run directory (empty) and its lock files.
            assertThat(left.filter(p -> !p.equals(workDir))
                            .filter(p -> !p.getFileName().toString().endsWith(".lock"))
                            .filter(p -> !p.getFileName().toString().startsWith("run-"))
                            .toList())
                    .as("work files left")
                    .isEmpty();
        }
    }

    @Test
    void eachRenditionGetsAVodPlaylistListingEveryStoredSegmentOnce() throws Exception {
        assertThat(media.hlsPrefix()).isEqualTo(PREFIX);
        assertThat(media.hlsMaster()).isEqualTo("vod.m3u8");
        String master = text(PREFIX + "vod.m3u8");
        assertThat(master)
                .contains("source/vod.m3u8", "360p/vod.m3u8", "URI=\"audio/vod.m3u8\"")
                .doesNotContain("index.m3u8");
        for (String rendition : List.of("source", "360p", "audio")) {
            String playlist = text(PREFIX + rendition + "/vod.m3u8");
            assertThat(playlist)
                    .startsWith("#EXTM3U\n")
                    .contains("#EXT-X-PLAYLIST-TYPE:VOD\n")
                    .endsWith("#EXT-X-ENDLIST\n")
                    .containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
            List<String> uris = playlist.lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            assertThat(uris).doesNotHaveDuplicates().containsExactlyElementsOf(storedSegments(rendition));
            // The resume: a discontinuity, then the new epoch's init, named after its first segment.
            String afterDiscontinuity = playlist.substring(playlist.indexOf("#EXT-X-DISCONTINUITY\n"));
            String map = afterDiscontinuity.lines().skip(1).findFirst().orElseThrow();
            String firstAfter = afterDiscontinuity
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .findFirst()
                    .orElseThrow();
            assertThat(map).isEqualTo("#EXT-X-MAP:URI=\"init-" + firstAfter.replace(".m4s", "") + ".mp4\"");
            assertThat(playlist).contains("#EXT-X-MAP:URI=\"init-0.mp4\"");
            int target = Integer.parseInt(playlist.lines()
                    .filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                    .findFirst()
                    .orElseThrow()
                    .substring(22));
            for (String l :
                    playlist.lines().filter(l -> l.startsWith("#EXTINF:")).toList()) {
                double d = Double.parseDouble(l.substring(8, l.indexOf(',')));
                assertThat(d).isGreaterThan(0);
                assertThat(Math.round(d)).isLessThanOrEqualTo(target);
            }
        }
        // ffprobe opens the VOD master from storage (LocalStorage keeps keys as files).
        Path file = shared.resolve("storage").resolve(PREFIX + "vod.m3u8");
        assertThat(file).exists();
        String probe = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-allowed_extensions",
                        "ALL",
                        "-show_entries",
                        "stream=codec_type",
                        "-of",
                        "default=nw=1",
                        file.toString()),
                60);
        assertThat(probe).contains("codec_type=video", "codec_type=audio");
    }

    @Test
    void thePosterAndThumbnailsAreJpegsOfTheVideo() throws Exception {
        byte[] poster = bytes(media.posterKey());
        assertThat(media.posterKey()).isEqualTo("recordings/rec1/poster.jpg");
        assertThat(poster[0] & 0xff).isEqualTo(0xFF);
        assertThat(poster[1] & 0xff).isEqualTo(0xD8);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(poster));
        assertThat(image.getWidth()).isEqualTo(854);
        assertThat(image.getHeight()).isEqualTo(480);

        assertThat(media.thumbnailsPrefix()).isEqualTo("recordings/rec1/thumbs/");
        assertThat(media.thumbnails()).hasSize(6); // 18 s at one per 3 s
        double previous = -1;
        for (int i = 0; i < media.thumbnails().size(); i++) {
            RecordingMedia.Thumbnail t = media.thumbnails().get(i);
            assertThat(t.key()).isEqualTo("recordings/rec1/thumbs/" + i + ".jpg");
            assertThat(t.timeSeconds()).isGreaterThan(previous).isLessThan(media.durationSeconds());
            previous = t.timeSeconds();
            BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(bytes(t.key())));
            assertThat(thumb.getWidth()).isEqualTo(320);
            assertThat(thumb.getHeight()).isEqualTo(180);
        }
    }

    @Test
    void aPlaylistLaggingStorageStillRecordsEverySegment() throws Exception {
        LocalStorage copy = copyOfTheSession();
        // As after a crash: the live playlists stop two segments before what reached storage.
        for (String rendition : List.of("source", "360p", "audio")) {
            String live = text(PREFIX + rendition + "/index.m3u8");
            List<String> lines = live.lines().toList();
            List<Integer> uriLines = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith(".m4s")) {
                    uriLines.add(i);
                }
            }
            int cut = uriLines.get(uriLines.size() - 3) + 1; // keep up to the third-last segment
            String older = String.join("\n", lines.subList(0, cut)) + "\n";
            copy.put(PREFIX + rendition + "/index.m3u8", older.getBytes(StandardCharsets.UTF_8), null);
            assertThat(older.lines().filter(l -> l.endsWith(".m4s")).count())
                    .isEqualTo(storedSegments(rendition).size() - 2);
        }
        RecordingMedia again = new SessionRecordingBuilder(copy, tmp.resolve("work"), VodImageSettings.defaults())
                .build(STREAM, SESSION, "rec2");
        assertThat(again.durationSeconds())
                .isCloseTo(media.durationSeconds(), org.assertj.core.data.Offset.offset(0.01));
        String playlist;
        try (StorageObject o = copy.get(PREFIX + "source/vod.m3u8")) {
            playlist = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(playlist.lines().filter(l -> l.endsWith(".m4s")).toList())
                .containsExactlyElementsOf(storedSegments("source"));
        assertThat(copy.stat("recordings/rec2/video.mp4")).isPresent();
    }

    /** The recorded session's objects in a storage of the test's own, to spoil. */
    private LocalStorage copyOfTheSession() {
        LocalStorage copy = new LocalStorage(tmp.resolve("storage"));
        for (ObjectInfo o : storage.list(PREFIX)) {
            copy.put(o.key(), bytes(o.key()), o.contentType());
        }
        return copy;
    }

    @Test
    void aMissingSegmentIsSkippedAndTheTimelineClosedUp() throws Exception {
        LocalStorage copy = copyOfTheSession();
        // As when one upload failed for good: the video rendition lacks a segment the audio has.
        double lost = segmentDuration("source", "2.m4s");
        assertThat(copy.delete(PREFIX + "source/2.m4s")).isTrue();
        RecordingMedia holed = new SessionRecordingBuilder(copy, tmp.resolve("work"), VodImageSettings.defaults())
                .build(STREAM, SESSION, "rec3");
        String playlist;
        try (StorageObject o = copy.get(PREFIX + "source/vod.m3u8")) {
            playlist = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(playlist)
                .doesNotContain("\n2.m4s")
                .contains("\n1.m4s\n#EXT-X-DISCONTINUITY\n#EXTINF")
                .contains("\n3.m4s");

        Path mp4 = tmp.resolve("holed.mp4");
        try (StorageObject o = copy.get(holed.mp4Key())) {
            Files.write(mp4, o.readAllBytes());
        }
        double expected = segmentSeconds("source") - lost;
        assertThat(holed.durationSeconds()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.5));
        String probe = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration:stream=codec_type",
                        "-of",
                        "default=nw=1",
                        mp4.toString()),
                60);
        assertThat(probe).contains("codec_type=video", "codec_type=audio");
        double duration = Double.parseDouble(probe.lines()
                .filter(l -> l.startsWith("duration="))
                .findFirst()
                .orElseThrow()
                .substring("duration=".length()));
        assertThat(duration).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.5));
        assertThat(LiveSessionMaker.decodeErrors(mp4)).as("decode errors").isEmpty();
    }

    @Test
    void garbageWhereASegmentShouldBeIsSkippedLikeAMissingOne() throws Exception {
        LocalStorage copy = copyOfTheSession();
        double lost = segmentDuration("source", "3.m4s");
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        copy.put(PREFIX + "source/3.m4s", garbage, "video/iso.segment");
        copy.put(PREFIX + "audio/4.m4s", new byte[] {0, 0, 0, 3, 'm', 'o', 'o', 'f'}, "video/iso.segment");
        RecordingMedia skipped = new SessionRecordingBuilder(copy, tmp.resolve("work"), VodImageSettings.defaults())
                .build(STREAM, SESSION, "rec5");
        String playlist;
        try (StorageObject o = copy.get(PREFIX + "source/vod.m3u8")) {
            playlist = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(playlist).doesNotContain("\n3.m4s").contains("\n2.m4s\n#EXT-X-DISCONTINUITY\n#EXTINF");
        assertThat(skipped.durationSeconds())
                .isCloseTo(segmentSeconds("source") - lost, org.assertj.core.data.Offset.offset(0.5));
        Path mp4 = tmp.resolve("skipped.mp4");
        try (StorageObject o = copy.get(skipped.mp4Key())) {
            Files.write(mp4, o.readAllBytes());
        }
        assertThat(LiveSessionMaker.decodeErrors(mp4)).as("decode errors").isEmpty();
    }

    @Test
    void aRerunOverwritesTheSameKeys() {
        RecordingMedia again = new SessionRecordingBuilder(storage, tmp.resolve("work"), VodImageSettings.defaults())
                .build(STREAM, SESSION, "rec1");
        assertThat(again.mp4Key()).isEqualTo(media.mp4Key());
        assertThat(again.thumbnails()).isEqualTo(media.thumbnails());
        assertThat(storage.list("recordings/rec1/thumbs/"))
                .hasSize(media.thumbnails().size());
    }

    @Test
    void aSessionWithoutSegmentsHasNothingToRecord() throws Exception {
        LocalStorage empty = new LocalStorage(tmp.resolve("empty"));
        SessionRecordingBuilder builder =
                new SessionRecordingBuilder(empty, tmp.resolve("work"), VodImageSettings.defaults());
        assertThatThrownBy(() -> builder.build("s", "x", "r")).isInstanceOf(NothingCapturedException.class);
        // A master and an init, but the publisher left before the first segment was stored.
        empty.put("live/s/x/master.m3u8", text(PREFIX + "master.m3u8").getBytes(StandardCharsets.UTF_8), null);
        empty.put("live/s/x/source/init-0.mp4", bytes(PREFIX + "source/init-0.mp4"), null);
        assertThatThrownBy(() -> builder.build("s", "x", "r")).isInstanceOf(NothingCapturedException.class);
        assertThat(empty.list("recordings/")).isEmpty();
    }

    private static double segmentDuration(String rendition, String file) {
        List<String> lines = text(PREFIX + rendition + "/vod.m3u8").lines().toList();
        String extinf = lines.get(lines.indexOf(file) - 1);
        return Double.parseDouble(extinf.substring(8, extinf.indexOf(',')));
    }

    private static double segmentSeconds(String rendition) {
        String playlist = text(PREFIX + rendition + "/vod.m3u8");
        return playlist.lines()
                .filter(l -> l.startsWith("#EXTINF:"))
                .mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(','))))
                .sum();
    }

    /** The segment files of a rendition in storage, in sequence order. */
    private static List<String> storedSegments(String rendition) {
        String dir = PREFIX + rendition + "/";
        Set<Long> sequences = new TreeSet<>();
        for (ObjectInfo o : storage.list(dir)) {
            String name = o.key().substring(dir.length());
            if (name.matches("\\d+\\.m4s")) { // segments, not the LL-HLS parts <seq>.<i>.m4s kept a while
                sequences.add(Long.parseLong(name.substring(0, name.length() - 4)));
            }
        }
        return sequences.stream().map(s -> s + ".m4s").toList();
    }

    static List<String> topLevelBoxes(byte[] file) {
        List<String> out = new ArrayList<>();
        long p = 0;
        while (p + 8 <= file.length) {
            long size = Fmp4Boxes.u32(file, (int) p);
            out.add(new String(Arrays.copyOfRange(file, (int) p + 4, (int) p + 8), StandardCharsets.ISO_8859_1));
            if (size == 1) {
                size = (Fmp4Boxes.u32(file, (int) p + 8) << 32) | Fmp4Boxes.u32(file, (int) p + 12);
            }
            if (size < 8) {
                break;
            }
            p += size;
        }
        return out;
    }

    private static String text(String key) {
        return new String(bytes(key), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String key) {
        try (StorageObject o = storage.get(key)) {
            return o.readAllBytes();
        }
    }

    private static Path download(String key, Path file) throws Exception {
        Files.write(file, bytes(key));
        return file;
    }

    @Test
    void workDirectoriesOfAKilledRunAreRemovedAtStartUpAndNothingElse() throws Exception {
        Path work = tmp.resolve("leftovers");
        Path stale = Files.createDirectories(work.resolve("rec-abc-123/part0"));
        Files.write(stale.resolve("video.mp4"), new byte[1024]);
        // A run directory whose process died: its lock file is there but nobody holds the lock.
        Path dead = Files.createDirectories(work.resolve("run-dead/rec-xyz-1"));
        Files.write(dead.resolve("video-0.mp4"), new byte[1024]);
        Files.createFile(work.resolve("run-dead.lock"));
        Path unrelated = Files.createDirectories(work.resolve("keep-me"));
        SessionRecordingBuilder builder = new SessionRecordingBuilder(storage, work, VodImageSettings.defaults());
        assertThat(builder.removeLeftovers()).isEqualTo(2);
        assertThat(work.resolve("rec-abc-123")).doesNotExist();
        assertThat(work.resolve("run-dead")).doesNotExist();
        assertThat(work.resolve("run-dead.lock")).doesNotExist();
        assertThat(unrelated).isDirectory();
        assertThat(new SessionRecordingBuilder(storage, tmp.resolve("absent"), VodImageSettings.defaults())
                        .removeLeftovers())
                .isZero();
    }

    @Test
    void aRecorderStartingBesideAnotherOnTheSameDataDirLeavesItsBuildInFlightAlone() throws Exception {
        Path work = tmp.resolve("shared");
        WorkDirs running = new WorkDirs(work);
        Path inFlight = Files.createDirectories(running.runDir().resolve("rec-live-1"));
        Files.write(inFlight.resolve("video-0.mp4"), new byte[1024]);

        SessionRecordingBuilder starting = new SessionRecordingBuilder(storage, work, VodImageSettings.defaults());
        assertThat(starting.removeLeftovers()).isZero();
        assertThat(inFlight.resolve("video-0.mp4")).exists();
    }
}
