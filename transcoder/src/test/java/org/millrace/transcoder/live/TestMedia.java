package org.millrace.transcoder.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSink;
import org.millrace.transcoder.TranscoderSettings;

/** Test media made with Debian's ffmpeg, fed to a sink paced in real time like a live publisher. */
final class TestMedia {
    private TestMedia() {
    }

    /** A keyframe every segment target, as the README asks of OBS: the copied source is cut where the rungs are. */
    private static final long GOP = 30 * TranscoderSettings.defaults().segmentDuration().toMillis() / 1000;

    /** A test pattern (H.264, or HEVC when {@code hevc}) with a tone unless {@code audio} is false, as MPEG-TS. */
    static Path transportStream(Path dir, int width, int height, int seconds, boolean audio, boolean hevc)
            throws Exception {
        Path out = dir.resolve("src-" + width + "x" + height + "-" + seconds + (audio ? "a" : "") + (hevc ? "-hevc" : "")
                + ".ts");
        if (Files.exists(out)) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30"));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        cmd.addAll(List.of("-t", Integer.toString(seconds), "-pix_fmt", "yuv420p"));
        if (hevc) {
            cmd.addAll(List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"));
        } else {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast"));
        }
        cmd.addAll(List.of("-b:v", "2M", "-maxrate", "2M", "-bufsize", "1M", "-g", Long.toString(GOP)));
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k"));
        }
        cmd.addAll(List.of("-f", "mpegts", out.toString()));
        run(cmd, 180);
        return out;
    }

    /** Writes {@code ts} to the sink in 1316-byte chunks (an SRT payload), at the file's average rate. */
    static void feedRealTime(LiveSink sink, Path ts, double seconds) throws Exception {
        byte[] bytes = Files.readAllBytes(ts);
        int chunk = 1316;
        double bytesPerNano = bytes.length / (seconds * 1e9);
        long start = System.nanoTime();
        for (int off = 0; off < bytes.length; off += chunk) {
            int n = Math.min(chunk, bytes.length - off);
            byte[] part = new byte[n];
            System.arraycopy(bytes, off, part, 0, n);
            long due = start + (long) (off / bytesPerNano);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sink.write(part);
        }
        sink.close(LiveEndReason.PUBLISHER_CLOSED);
    }

    static String run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command.get(0) + ":\n" + output);
        }
        return output;
    }
}
