package org.millrace.transcoder.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The avcC records we build against the ones FFmpeg's mp4 muxer writes for the same libx264 parameter sets. */
class AvcConfigTest {
    @TempDir
    Path dir;

    @Test
    void matchesFfmpegsRecordForAHighProfileStream() throws Exception {
        assertMatchesFfmpeg("high", "yuv420p");
    }

    @Test
    void matchesFfmpegsRecordForABaselineStream() throws Exception {
        assertMatchesFfmpeg("baseline", "yuv420p");
    }

    @Test
    void matchesFfmpegsRecordForA422Stream() throws Exception {
        assertMatchesFfmpeg("high422", "yuv422p");
    }

    @Test
    void anAvcCExtradataIsTakenAsIsAndMissingParameterSetsGiveNull() {
        byte[] avcC = {1, 0x64, 0, 0x1f, (byte) 0xff, (byte) 0xe1, 0, 1, 0x67, 1, 0, 1, 0x68};
        assertThat(AvcConfig.fromExtradata(avcC)).isEqualTo(avcC);
        assertThat(AvcConfig.fromExtradata(null)).isNull();
        assertThat(AvcConfig.fromAnnexB(new byte[] {0, 0, 1, 0x65, 1, 2})).isNull();
        assertThatThrownBy(() -> AvcConfig.of(List.of(), List.of(new byte[] {0x68})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AvcConfig.codecs(avcC)).isEqualTo("avc1.64001f");
    }

    private void assertMatchesFfmpeg(String profile, String pixFmt) throws Exception {
        Path h264 = dir.resolve(profile + ".h264");
        Path mp4 = dir.resolve(profile + ".mp4");
        FfmpegTool.run(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=30",
                "-t",
                "1",
                "-pix_fmt",
                pixFmt,
                "-c:v",
                "libx264",
                "-profile:v",
                profile,
                "-preset",
                "ultrafast",
                "-bsf:v",
                "h264_metadata=aud=insert",
                "-f",
                "h264",
                h264.toString()));
        FfmpegTool.run(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-i",
                h264.toString(),
                "-c",
                "copy",
                mp4.toString()));
        byte[] stream = Files.readAllBytes(h264);
        // the first access unit: delimiter, SPS, PPS, SEI, IDR, as libx264 writes in-band
        byte[] ours = AvcConfig.fromAnnexB(stream);
        byte[] ffmpegs = box(Files.readAllBytes(mp4), "avcC");
        assertThat(ours).isEqualTo(ffmpegs);
    }

    /** The payload of the first box of the given type anywhere in the file (a plain byte search is enough here). */
    static byte[] box(byte[] file, String type) {
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 4; i + 4 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, name, 0, 4)) {
                int size = ((file[i - 4] & 0xff) << 24)
                        | ((file[i - 3] & 0xff) << 16)
                        | ((file[i - 2] & 0xff) << 8)
                        | (file[i - 1] & 0xff);
                return Arrays.copyOfRange(file, i + 4, i - 4 + size);
            }
        }
        throw new AssertionError("no " + type + " box");
    }
}
