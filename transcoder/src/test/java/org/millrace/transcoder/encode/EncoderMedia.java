package org.millrace.transcoder.encode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.fmp4.Sample;

/** Test support: sources made with Debian's ffmpeg, and encoded tracks turned back into files ffprobe reads. */
final class EncoderMedia {
    private EncoderMedia() {}

    /** A 640x360 30 fps test pattern (H.264, 2 s GOP) with a 48 kHz tone starting {@code audioDelay} s in, as MPEG-TS. */
    static Path source(Path dir, int seconds, double audioDelay) throws Exception {
        Path out = dir.resolve("src.ts");
        run(List.of(
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
                String.valueOf(audioDelay),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                String.valueOf(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "60",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-f",
                "mpegts",
                out.toString()));
        return out;
    }

    /** An H.264 track as an Annex B elementary stream: the avcC's parameter sets, then every sample's NAL units. */
    static Path annexB(Path file, byte[] avcC, List<Sample> samples) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 5;
        for (int round = 0; round < 2; round++) {
            int count = avcC[at++] & (round == 0 ? 0x1f : 0xff);
            for (int i = 0; i < count; i++) {
                int len = (avcC[at] & 0xff) << 8 | avcC[at + 1] & 0xff;
                out.write(new byte[] {0, 0, 0, 1});
                out.write(avcC, at + 2, len);
                at += 2 + len;
            }
        }
        for (Sample s : samples) {
            byte[] d = s.data();
            for (int i = 0; i < d.length; ) {
                int len = (d[i] & 0xff) << 24 | (d[i + 1] & 0xff) << 16 | (d[i + 2] & 0xff) << 8 | d[i + 3] & 0xff;
                out.write(new byte[] {0, 0, 0, 1});
                out.write(d, i + 4, len);
                i += 4 + len;
            }
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    static String run(List<String> command) throws Exception {
        return Commands.run(command, 120);
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        text.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(out::add);
        return out;
    }
}
