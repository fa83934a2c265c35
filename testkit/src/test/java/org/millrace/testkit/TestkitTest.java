package org.millrace.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test kit against the real tools: what it makes is what it says, and a failing tool fails loudly. */
class TestkitTest {
    @TempDir
    Path dir;

    @Test
    void aPatternIsMadeOnceWithTheAskedShapeAndDecodesCleanly() throws Exception {
        TestPattern pattern = TestPattern.of(320, 240, 25, 2).bitrate("300k").gop(25);
        Path ts = pattern.in(dir);
        assertThat(ts.getFileName().toString()).isEqualTo(pattern.fileName());
        long made = Files.getLastModifiedTime(ts).toMillis();
        assertThat(pattern.in(dir)).isEqualTo(ts);
        assertThat(Files.getLastModifiedTime(ts).toMillis())
                .as("reused, not made again")
                .isEqualTo(made);
        assertThat(MediaChecks.duration(ts)).isBetween(1.9, 2.2);
        String streams = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,width,height",
                        "-of",
                        "csv=p=0",
                        ts.toString()),
                60);
        // ffprobe lists a TS's streams under its program too.
        assertThat(streams.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .distinct()
                        .toList())
                .containsExactlyInAnyOrder("h264,320,240", "aac");
        assertThat(MediaChecks.decodeErrors(ts)).isEmpty();
        assertThat(MediaChecks.remux(ts, dir.resolve("copy.ts"))).isNotEmpty();
    }

    @Test
    void anMp4NameMakesAnMp4WithItsIndexAndNoAudioWhenAskedSo() throws Exception {
        Path mp4 = TestPattern.of(160, 120, 10, 1).withoutAudio().writeTo(dir.resolve("clip.mp4"));
        assertThat(MediaChecks.topLevelBoxes(Files.readAllBytes(mp4))).contains("ftyp", "moov", "mdat");
        String streams = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_type",
                        "-of",
                        "csv=p=0",
                        mp4.toString()),
                60);
        assertThat(streams.strip()).isEqualTo("video");
    }

    @Test
    void aFailingToolFailsWithItsOutput() {
        assertThatThrownBy(() -> Commands.run(
                        List.of(
                                "ffprobe",
                                "-v",
                                "error",
                                dir.resolve("missing.ts").toString()),
                        30))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.ts");
    }

    @Test
    void chunksComeWholeInOrderAndPaced() throws Exception {
        byte[] bytes = new byte[10 * PacedChunks.SRT_PAYLOAD + 100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        List<byte[]> seen = new ArrayList<>();
        long start = System.nanoTime();
        PacedChunks.feed(bytes, PacedChunks.SRT_PAYLOAD, Duration.ofMillis(500), seen::add);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(seen).hasSize(11);
        assertThat(seen.get(10)).hasSize(100);
        byte[] joined = new byte[bytes.length];
        int at = 0;
        for (byte[] chunk : seen) {
            System.arraycopy(chunk, 0, joined, at, chunk.length);
            at += chunk.length;
        }
        assertThat(joined).isEqualTo(bytes);
        // The last chunk goes at 10/11 of the duration: paced, not all at once.
        assertThat(tookMillis).isBetween(400L, 2_000L);
        assertThat(MediaChecks.sha256(joined))
                .isEqualTo(MediaChecks.sha256(bytes))
                .hasSize(64);
    }
}
