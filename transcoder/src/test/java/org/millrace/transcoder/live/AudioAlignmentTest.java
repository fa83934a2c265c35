package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.LocalStorage;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** Audio that starts after the video keeps its place: the audio rendition starts with silence, like the source. */
class AudioAlignmentTest {
    @TempDir
    Path tmp;

    @Test
    void audioStartingLateIsPrecededBySilence() throws Exception {
        Path ts = tmp.resolve("late-audio.ts");
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=640x360:rate=30",
                        "-itsoffset",
                        "1",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-t",
                        "4",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-g",
                        "60",
                        "-c:a",
                        "aac",
                        "-f",
                        "mpegts",
                        ts.toString()),
                120);
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        TranscoderLiveInput input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(Files.createDirectories(tmp.resolve("work"))),
                storage,
                new SimpleMeterRegistry());
        TestMedia.feedRealTime(input.open(new LiveSessionInfo("a", "s", false, Instant.now(), "x", 120, false)), ts, 4);

        List<HlsChecks.Entry> entries = HlsChecks.entries(HlsChecks.text(storage, "live/a/s/audio/index.m3u8"));
        Path joined = tmp.resolve("audio.mp4");
        try (OutputStream out = Files.newOutputStream(joined);
                var init = storage.get("live/a/s/audio/" + entries.get(0).map())) {
            init.body().transferTo(out);
            for (HlsChecks.Entry e : entries) {
                try (var seg = storage.get("live/a/s/audio/" + e.uri())) {
                    seg.body().transferTo(out);
                }
            }
        }
        assertThat(maxVolume(joined, 0.1, 0.7)).as("first 0.8 s").isLessThan(-60);
        assertThat(maxVolume(joined, 1.3, 1)).as("after 1.3 s").isGreaterThan(-30);
    }

    private static double maxVolume(Path file, double from, double length) throws Exception {
        String out = Commands.run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-nostats",
                        "-ss",
                        String.valueOf(from),
                        "-t",
                        String.valueOf(length),
                        "-i",
                        file.toString(),
                        "-af",
                        "volumedetect",
                        "-f",
                        "null",
                        "-"),
                60);
        Matcher m = Pattern.compile("max_volume: (-?[0-9.]+|-inf) dB").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }
}
