package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** 30 s of a 720p30 test pattern with audio, fed in real time: the ladder below 720p as HLS in storage. */
class LiveTranscodeTest {
    static final int SECONDS = 30;
    /** The segment target, seconds (the test pattern has a keyframe a second, so the source is cut at it too). */
    static final double TARGET = TranscoderSettings.defaults().segmentDuration().toMillis() / 1000.0;

    static final int SEGMENTS = (int) Math.round(SECONDS / TARGET);

    @TempDir
    Path tmp;

    @Test
    void aLivePublishBecomesAlignedHlsRenditionsInStorage() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 1280, 720, SECONDS, true, false);
        Path work = Files.createDirectories(tmp.resolve("work"));
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TranscoderLiveInput input =
                new TranscoderLiveInput(TranscoderSettings.defaults().withWorkDir(work), storage, registry);

        LiveSink sink = input.open(new LiveSessionInfo("s1", "sess1", false, Instant.now(), "127.0.0.1:1", 120, false));
        TestMedia.feedRealTime(sink, ts, SECONDS);
        input.endSession("s1", "sess1").get(60, java.util.concurrent.TimeUnit.SECONDS);

        String prefix = "live/s1/sess1/";
        String master = HlsChecks.text(storage, prefix + "master.m3u8");
        assertThat(master)
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\"")
                .contains(
                        "RESOLUTION=854x480,FRAME-RATE=30.000,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"aac\"\n480p/index.m3u8")
                .contains(
                        "RESOLUTION=640x360,FRAME-RATE=30.000,CODECS=\"avc1.64001e,mp4a.40.2\",AUDIO=\"aac\"\n360p/index.m3u8")
                .doesNotContain("720p/")
                .doesNotContain("1080p/");
        assertThat(master).containsPattern("BANDWIDTH=\\d+,AVERAGE-BANDWIDTH=\\d+");
        // The source is passed through: its codecs string is its own SPS's (x264 ultrafast: constrained baseline 3.1).
        assertThat(master)
                .containsPattern("BANDWIDTH=[1-9]\\d{5,},AVERAGE-BANDWIDTH=[1-9]\\d{5,},RESOLUTION=1280x720,"
                        + "FRAME-RATE=30.000,CODECS=\"avc1.42c01f,mp4a.40.2\",AUDIO=\"aac\"\nsource/index.m3u8");
        assertThat(master.indexOf("source/")).isLessThan(master.indexOf("480p/"));

        List<Long> sequences = null;
        for (String rendition : List.of("source", "480p", "360p")) {
            String dir = prefix + rendition + "/";
            String playlist = HlsChecks.text(storage, dir + "index.m3u8");
            assertThat(playlist)
                    .endsWith("#EXT-X-ENDLIST\n")
                    .contains("#EXT-X-PROGRAM-DATE-TIME:")
                    .contains("#EXT-X-MAP:URI=\"init-0.mp4\"");
            List<HlsChecks.Entry> entries = HlsChecks.entries(playlist);
            assertThat(entries).hasSizeBetween(SEGMENTS - 1, SEGMENTS + 1);
            List<Long> seq = entries.stream().map(HlsChecks.Entry::sequence).toList();
            if (sequences == null) {
                sequences = seq;
            }
            assertThat(seq).as("sequences aligned across rungs").isEqualTo(sequences);
            for (int i = 0; i < entries.size(); i++) {
                HlsChecks.Entry e = entries.get(i);
                List<String> keys = HlsChecks.probeFrames(storage, dir, e, tmp, "v:0");
                assertThat(keys).as(rendition + " segment " + e.sequence()).isNotEmpty();
                assertThat(keys.get(0)).as("starts with a keyframe").startsWith("1");
                if (i < entries.size() - 1) {
                    assertThat(e.duration()).isBetween(TARGET * 0.9, TARGET * 1.1);
                    assertThat(keys.size() / 30.0).isBetween(TARGET * 0.9, TARGET * 1.1);
                }
            }
        }
        String audio = HlsChecks.text(storage, prefix + "audio/index.m3u8");
        assertThat(audio).endsWith("#EXT-X-ENDLIST\n");
        assertThat(HlsChecks.entries(audio).size()).isBetween(sequences.size() - 1, sequences.size() + 1);
        assertThat(storage.stat(prefix + "thumb.jpg")).isPresent();

        HlsChecks.assertNoTranscoderThreads();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("temp files left").isEmpty();
        }
        // The process's spool gauge stays; every pipeline's (tagged with its stream) is gone.
        assertThat(registry.getMeters())
                .as("meters removed")
                .allSatisfy(m -> assertThat(m.getId().getTag("stream")).isNull());
    }
}
