package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: what the acceptance tests publish (Debian's ffmpeg) and how they look inside what comes out. */
public final class TestMedia {
    private TestMedia() {
    }

    /**
     * 1280x720 at 30 fps with a 440 Hz tone, H.264 with 2 s GOPs and AAC, as MPEG-TS: what OBS sends, so the
     * server's ladder is source + 480p + 360p. 2 s, not the 1 s the README asks for: the copied source's segments
     * are then 2 s against the rungs' 1 s, the case of a streamer who kept Twitch's keyframe interval.
     */
    static Path testPattern(Path ts, int seconds) throws Exception {
        Commands.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "2M", "-maxrate", "2M", "-bufsize", "1M", "-g", "60",
                "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", ts.toString()), 180);
        return ts;
    }

    /**
     * 320x240 at 25 fps with a tone, H.264 (300 kb/s, 2 s GOPs) and AAC, as MPEG-TS: below every rung of the ladder,
     * so the server only repackages it (no encoding), for tests that run many publishers and processes at once.
     */
    public static Path smallPattern(Path ts, int seconds) throws Exception {
        Commands.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "300k", "-maxrate", "300k", "-bufsize", "300k",
                "-g", "50", "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", ts.toString()), 180);
        return ts;
    }

    /**
     * 640x480 at 25 fps with a tone, H.264 (1 Mb/s, 2 s GOPs) and AAC, as MPEG-TS: a ladder of the copied source and
     * one encoded rung (360p), for tests that must keep up in real time on a loaded machine.
     */
    static Path vgaPattern(Path ts, int seconds) throws Exception {
        Commands.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1M", "-maxrate", "1M", "-bufsize", "1M", "-g", "50",
                "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", ts.toString()), 300);
        return ts;
    }

    /** Publishes {@code ts} in real time to {@code srtUrl} with Debian's ffmpeg (a libsrt caller), as OBS would. */
    public static Process publish(Path ts, String srtUrl, Path log) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-i",
                ts.toString(), "-c", "copy", "-f", "mpegts", srtUrl + "&linger=5")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM lets ffmpeg close its SRT connection properly; the server then sees an ordinary end of publish. */
    public static void stop(Process ffmpeg) throws InterruptedException {
        ffmpeg.destroy();
        if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The media duration ffprobe reads from the container, in seconds. */
    public static double duration(Path file) throws Exception {
        String out = Commands.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "default=noprint_wrappers=1:nokey=1", file.toString()), 60);
        return Double.parseDouble(out.strip());
    }

    /** Decodes every frame; answers what ffmpeg reported as errors (empty when clean). */
    public static String decodeErrors(Path file) throws Exception {
        return Commands.run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", file.toString(),
                "-f", "null", "-"), 120).strip();
    }

    /** The types of an ISO-BMFF file's top-level boxes, in order (e.g. ftyp, moov, mdat). */
    static List<String> topLevelBoxes(byte[] file) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        int at = 0;
        while (at + 8 <= file.length) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(file, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (size == 1 && at + 16 <= file.length) {
                size = b.getLong(at + 8);
            } else if (size == 0) {
                size = file.length - at;
            }
            types.add(type);
            if (size < 8) {
                break;
            }
            at += (int) size;
        }
        return types;
    }
}
