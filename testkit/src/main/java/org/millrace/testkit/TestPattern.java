package org.millrace.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated test source, as MPEG-TS by Debian's ffmpeg: a moving test pattern (H.264, or HEVC) at a bitrate with a
 * keyframe every {@code gop} frames, and a 440 Hz tone (AAC) unless without audio. Each module's tests pick the size,
 * rate and GOP their subject needs; this is the one place that knows the ffmpeg command.
 *
 * @param source   the lavfi video source: {@code testsrc2} (moving, costly to encode) or {@code testsrc} (cheaper)
 * @param bitrate  ffmpeg's {@code -b:v}, e.g. {@code 800k}
 * @param bufsize  with {@code -maxrate} the bitrate, the rate control's buffer (a CBR-like publisher, as OBS
 *                 sends); null for plain average bitrate
 */
public record TestPattern(
        String source,
        int width,
        int height,
        int fps,
        int seconds,
        String bitrate,
        String bufsize,
        long gop,
        boolean audio,
        String audioBitrate,
        boolean hevc) {

    /** {@code testsrc2} at the size and rate, 1 Mb/s, a keyframe every 2 s, with 96 kb/s audio. */
    public static TestPattern of(int width, int height, int fps, int seconds) {
        return new TestPattern("testsrc2", width, height, fps, seconds, "1M", null, 2L * fps, true, "96k", false);
    }

    public TestPattern bitrate(String videoBitrate) {
        return new TestPattern(
                source, width, height, fps, seconds, videoBitrate, bufsize, gop, audio, audioBitrate, hevc);
    }

    /** The bitrate as a maximum too, with a rate-control buffer of {@code buffer} (a CBR-like publisher). */
    public TestPattern cappedBitrate(String videoBitrate, String buffer) {
        return new TestPattern(
                source, width, height, fps, seconds, videoBitrate, buffer, gop, audio, audioBitrate, hevc);
    }

    public TestPattern gop(long frames) {
        return new TestPattern(
                source, width, height, fps, seconds, bitrate, bufsize, frames, audio, audioBitrate, hevc);
    }

    public TestPattern audioBitrate(String bitrate) {
        return new TestPattern(source, width, height, fps, seconds, this.bitrate, bufsize, gop, true, bitrate, hevc);
    }

    public TestPattern withoutAudio() {
        return new TestPattern(source, width, height, fps, seconds, bitrate, bufsize, gop, false, audioBitrate, hevc);
    }

    public TestPattern asHevc() {
        return new TestPattern(source, width, height, fps, seconds, bitrate, bufsize, gop, audio, audioBitrate, true);
    }

    /** The plain {@code testsrc} pattern: cheaper to encode, for tests that run many publishers at once. */
    public TestPattern simpleSource() {
        return new TestPattern(
                "testsrc", width, height, fps, seconds, bitrate, bufsize, gop, audio, audioBitrate, hevc);
    }

    /** A file name that says everything the pattern is, so {@link #in} can reuse one made before. */
    public String fileName() {
        return source + "-" + width + "x" + height + "-" + fps + "fps-" + seconds + "s-" + bitrate
                + (bufsize != null ? "-c" + bufsize : "") + "-g" + gop + (audio ? "-a" + audioBitrate : "")
                + (hevc ? "-hevc" : "") + ".ts";
    }

    /** The pattern in {@code dir}, made there unless an earlier call made it already. */
    public Path in(Path dir) throws Exception {
        Path out = dir.resolve(fileName());
        return Files.exists(out) ? out : writeTo(out);
    }

    /** Makes the pattern into {@code out} (overwritten): MPEG-TS for a {@code .ts} name, else what the name says. */
    public Path writeTo(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
                source + "=size=" + width + "x" + height + ":rate=" + fps));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        cmd.addAll(List.of("-t", Integer.toString(seconds), "-pix_fmt", "yuv420p"));
        if (hevc) {
            cmd.addAll(List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"));
        } else {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast"));
        }
        cmd.addAll(List.of("-b:v", bitrate));
        if (bufsize != null) {
            cmd.addAll(List.of("-maxrate", bitrate, "-bufsize", bufsize));
        }
        cmd.addAll(List.of("-g", Long.toString(gop)));
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", audioBitrate));
        }
        if (out.getFileName().toString().endsWith(".ts")) {
            cmd.addAll(List.of("-f", "mpegts"));
        }
        cmd.add(out.toString()); // another name's extension picks the container (e.g. an MP4, as a creator uploads)
        Commands.run(cmd, 60 + 4 * seconds);
        return out;
    }
}
