package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;
import org.slf4j.LoggerFactory;

/** Resumed sessions, sources without audio or in HEVC, and garbage input, each on a few seconds of media. */
class LiveSessionsTest {
    @TempDir
    Path tmp;

    Path work;
    LocalStorage storage;
    SimpleMeterRegistry registry;
    TranscoderLiveInput input;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        storage = new LocalStorage(tmp.resolve("storage"));
        registry = new SimpleMeterRegistry();
        input = new TranscoderLiveInput(TranscoderSettings.defaults().withWorkDir(work), storage, registry);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(LivePipeline.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger(LivePipeline.class)).detachAppender(logs);
        HlsChecks.assertNoTranscoderThreads();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("temp files left").isEmpty();
        }
        // The process's spool gauge stays; every pipeline's (tagged with its stream) is gone.
        assertThat(registry.getMeters())
                .as("meters removed")
                .allSatisfy(m -> assertThat(m.getId().getTag("stream")).isNull());
    }

    private static LiveSessionInfo session(String stream, boolean resumed) {
        return new LiveSessionInfo(stream, "sess", resumed, Instant.now(), "127.0.0.1:1", 120, false);
    }

    @Test
    void aResumedSessionContinuesTheSamePlaylistsAfterADiscontinuity() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 5, true, false);
        TestMedia.feedRealTime(input.open(session("r", false)), ts, 5);
        String first = HlsChecks.text(storage, "live/r/sess/360p/index.m3u8");
        // The publisher left but the session goes on (its grace): viewers keep the playlist, not ended.
        assertThat(first).doesNotContain("#EXT-X-ENDLIST");
        int before = HlsChecks.entries(first).size();

        TestMedia.feedRealTime(input.open(session("r", true)), ts, 5);
        assertThat(HlsChecks.text(storage, "live/r/sess/360p/index.m3u8")).doesNotContain("#EXT-X-ENDLIST");
        input.endSession("r", "sess").get(30, TimeUnit.SECONDS);
        for (String rendition : List.of("360p", "audio")) {
            String text = HlsChecks.text(storage, "live/r/sess/" + rendition + "/index.m3u8");
            List<HlsChecks.Entry> entries = HlsChecks.entries(text);
            assertThat(text)
                    .endsWith("#EXT-X-ENDLIST\n")
                    .containsOnlyOnce("#EXT-X-ENDLIST")
                    .containsOnlyOnce("#EXT-X-DISCONTINUITY\n")
                    .contains("init-0.mp4");
            HlsChecks.Entry resumedAt = entries.stream()
                    .filter(HlsChecks.Entry::discontinuity)
                    .findFirst()
                    .orElseThrow();
            // Each epoch's init is named after its first sequence, so a listing alone pairs segments with inits.
            assertThat(resumedAt.map()).isEqualTo("init-" + resumedAt.sequence() + ".mp4");
            assertThat(entries.get(0).sequence()).isZero();
            for (int i = 1; i < entries.size(); i++) {
                assertThat(entries.get(i).uri()).isEqualTo(entries.get(i).sequence() + ".m4s");
            }
        }
        List<HlsChecks.Entry> video = HlsChecks.entries(HlsChecks.text(storage, "live/r/sess/360p/index.m3u8"));
        assertThat(video.get(before).discontinuity()).isTrue();
        assertThat(HlsChecks.probeFrames(storage, "live/r/sess/360p/", video.get(before), tmp, "v:0")
                        .get(0))
                .startsWith("1");
    }

    @Test
    void aSessionResumedInAnotherProcessContinuesTheStoredPlaylistsAfterWhatIsStored() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 5, true, false);
        TestMedia.feedRealTime(input.open(session("k", false)), ts, 5);
        String dir = "live/k/sess/360p/";
        List<HlsChecks.Entry> before = HlsChecks.entries(HlsChecks.text(storage, dir + "index.m3u8"));
        long highest = storage.list(dir).stream()
                .map(o -> o.key().substring(dir.length()))
                .filter(n -> n.matches("\\d+\\.m4s"))
                .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4)))
                .max()
                .orElseThrow();
        // The dead node stored one more segment but died before listing it: it belongs to the recording (built from
        // the storage listing), so the new node must neither overwrite it nor number a segment of its own with it.
        byte[] unlisted = Files.readAllBytes(storage.root().resolve(dir + highest + ".m4s"));
        storage.put(dir + (highest + 1) + ".m4s", unlisted, "video/iso.segment");
        String firstEtag = storage.stat(dir + "0.m4s").orElseThrow().etag();
        String unlistedEtag =
                storage.stat(dir + (highest + 1) + ".m4s").orElseThrow().etag();

        // A new process (another ingest node, or this one restarted): no memory of the session.
        TranscoderLiveInput restarted =
                new TranscoderLiveInput(TranscoderSettings.defaults().withWorkDir(work), storage, registry);
        TestMedia.feedRealTime(restarted.open(session("k", true)), ts, 5);
        restarted.endSession("k", "sess").get(30, TimeUnit.SECONDS);
        for (String rendition : List.of("360p", "audio")) {
            String text = HlsChecks.text(storage, "live/k/sess/" + rendition + "/index.m3u8");
            assertThat(text).containsOnlyOnce("#EXT-X-DISCONTINUITY\n").containsOnlyOnce("#EXT-X-ENDLIST");
        }
        List<HlsChecks.Entry> entries = HlsChecks.entries(HlsChecks.text(storage, dir + "index.m3u8"));
        assertThat(entries.subList(0, before.size()))
                .as("the stored playlist goes on")
                .isEqualTo(before);
        // The unlisted segment's number is listed as a gap (players number segments by position), and the resumed
        // publisher's segments come after it, behind the discontinuity.
        HlsChecks.Entry skipped = entries.get(before.size());
        assertThat(skipped.gap()).isTrue();
        assertThat(skipped.discontinuity()).isFalse();
        assertThat(skipped.uri()).isEqualTo((highest + 1) + ".m4s");
        HlsChecks.Entry resumedAt = entries.get(before.size() + 1);
        assertThat(resumedAt.discontinuity()).isTrue();
        assertThat(resumedAt.gap()).isFalse();
        assertThat(resumedAt.uri()).as("after everything stored").isEqualTo((highest + 2) + ".m4s");
        assertThat(resumedAt.map()).isEqualTo("init-" + (highest + 2) + ".mp4");
        for (int i = before.size(); i < entries.size(); i++) {
            assertThat(entries.get(i).uri())
                    .as("numbered by position")
                    .isEqualTo(entries.get(i).sequence() + ".m4s");
        }
        assertThat(storage.stat(dir + "0.m4s").orElseThrow().etag())
                .as("first epoch kept")
                .isEqualTo(firstEtag);
        assertThat(storage.stat(dir + (highest + 1) + ".m4s").orElseThrow().etag())
                .as("unlisted segment kept")
                .isEqualTo(unlistedEtag);
        assertThat(storage.stat(dir + "init-0.mp4")).isPresent();
        assertThat(HlsChecks.probeFrames(storage, dir, resumedAt, tmp, "v:0").get(0))
                .startsWith("1");
    }

    @Test
    void aSourceWithoutAudioGetsVideoOnlyRenditions() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 5, false, false);
        TestMedia.feedRealTime(input.open(session("n", false)), ts, 5);
        String master = HlsChecks.text(storage, "live/n/sess/master.m3u8");
        assertThat(master)
                .doesNotContain("EXT-X-MEDIA:")
                .doesNotContain("mp4a")
                .contains("CODECS=\"avc1.64001e\"")
                .contains("360p/index.m3u8")
                .doesNotContain("480p/");
        List<HlsChecks.Entry> entries = HlsChecks.entries(HlsChecks.text(storage, "live/n/sess/360p/index.m3u8"));
        assertThat(entries).isNotEmpty();
        assertThat(HlsChecks.probeFrames(storage, "live/n/sess/360p/", entries.get(0), tmp, "v:0")
                        .get(0))
                .startsWith("1");
        assertThat(storage.stat("live/n/sess/audio/index.m3u8")).isEmpty();
        // The session ends where no process remembers it (its node died, or this one restarted in the grace): its
        // stored playlist is ended all the same, so the recorder need not wait out its upload wait.
        String open = HlsChecks.text(storage, "live/n/sess/360p/index.m3u8");
        assertThat(open).doesNotContain("#EXT-X-ENDLIST");
        new TranscoderLiveInput(TranscoderSettings.defaults().withWorkDir(work), storage, registry)
                .endSession("n", "sess")
                .get(30, TimeUnit.SECONDS);
        String ended = HlsChecks.text(storage, "live/n/sess/360p/index.m3u8");
        assertThat(ended).endsWith("#EXT-X-ENDLIST\n");
        assertThat(HlsChecks.entries(ended)).isEqualTo(entries);
    }

    @Test
    void anHevcSourceIsTranscodedToTheH264Ladder() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 1280, 720, 5, true, true);
        TestMedia.feedRealTime(input.open(session("h", false)), ts, 5);
        String master = HlsChecks.text(storage, "live/h/sess/master.m3u8");
        assertThat(master)
                .contains("480p/index.m3u8")
                .contains("360p/index.m3u8")
                .doesNotContain("hvc1")
                .doesNotContain("source/");
        List<HlsChecks.Entry> entries = HlsChecks.entries(HlsChecks.text(storage, "live/h/sess/480p/index.m3u8"));
        assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
        assertThat(HlsChecks.probeFrames(storage, "live/h/sess/480p/", entries.get(0), tmp, "v:0")
                        .get(0))
                .startsWith("1");
    }

    @Test
    void garbageEndsTheSessionWithAReasonForTheOwnerAndNothingLeftBehind() throws Exception {
        LiveSink sink = input.open(session("g", false));
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] chunk = new byte[1316];
            random.nextBytes(chunk);
            sink.write(chunk);
        }
        sink.close(LiveEndReason.PUBLISHER_CLOSED);
        // Hostile input is the publisher's problem, not the server's: a warning, and the reason in the owner's stats.
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("stream g").contains("input_corrupt");
        });
        assertThat(sink.stats().mediaError().reason()).isEqualTo("input_corrupt");
        assertThat(sink.stats().mediaError().detail()).startsWith("not a readable MPEG-TS");
        assertThat(storage.list("live/g/")).isEmpty();
    }
}
