package org.millrace.ingest.srt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.millrace.core.config.LiveHlsSettings;

/** Test media made with Debian's ffmpeg, and ffmpeg as a publisher. */
final class Media {
    /** A keyframe every segment target (25 fps), as the README asks of OBS: the source is cut where the rungs are. */
    private static final long GOP = 25 * LiveHlsSettings.defaults().segmentTarget().toMillis() / 1000;

    private Media() {
    }

    /** An H.264 + AAC MPEG-TS test pattern with a tone. */
    static Path transportStream(Path dir, int seconds) throws Exception {
        Path out = dir.resolve("test-" + seconds + "s.ts");
        if (!Files.exists(out)) {
            run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "800k",
                    "-g", Long.toString(GOP), "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", out.toString()), 120);
        }
        return out;
    }

    /** What ffmpeg sends of {@code ts} with {@code -c copy -f mpegts}: the same remux written to a file. */
    static byte[] remux(Path ts) throws Exception {
        Path out = ts.resolveSibling(ts.getFileName() + ".remux.ts");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", ts.toString(), "-c", "copy",
                "-f", "mpegts", out.toString()), 60);
        return Files.readAllBytes(out);
    }

    /** Starts {@code ffmpeg -re -i ts -c copy -f mpegts url}, its output into {@code log}. */
    static Process publish(Path ts, String url, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-re", "-i", ts.toString(), "-c", "copy", "-f", "mpegts", url));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Like {@link #publish} but loops the file, so the publisher stays on air until stopped or cut. */
    static Process publishLooping(Path ts, String url, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-re", "-stream_loop", "-1", "-i", ts.toString(), "-c", "copy", "-f", "mpegts", url));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static int await(Process p, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg still running after " + seconds + " s");
        }
        return p.exitValue();
    }

    static void run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command.get(0) + ":\n" + output);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
