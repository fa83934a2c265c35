package org.millrace.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's ffmpeg as an SRT caller (libsrt), publishing a file in real time as OBS would. */
public final class SrtPublisher {
    private SrtPublisher() {}

    /** Starts {@code ffmpeg -re -i ts -c copy -f mpegts url}, its output into {@code log}. */
    public static Process publish(Path ts, String url, Path log) throws IOException {
        return start(ts, url, log, false);
    }

    /** Like {@link #publish} but loops the file, so the publisher stays on air until stopped or cut. */
    public static Process publishLooping(Path ts, String url, Path log) throws IOException {
        return start(ts, url, log, true);
    }

    private static Process start(Path ts, String url, Path log, boolean loop) throws IOException {
        List<String> command =
                new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re"));
        if (loop) {
            command.addAll(List.of("-stream_loop", "-1"));
        }
        command.addAll(List.of("-i", ts.toString(), "-c", "copy", "-f", "mpegts", url));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Its exit code once it ends within {@code seconds}; killed and an error otherwise. */
    public static int await(Process ffmpeg, int seconds) throws Exception {
        if (!ffmpeg.waitFor(seconds, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly();
            throw new AssertionError("ffmpeg still running after " + seconds + " s");
        }
        return ffmpeg.exitValue();
    }

    /** SIGTERM lets ffmpeg close its SRT connection properly; the server then sees an ordinary end of publish. */
    public static void stop(Process ffmpeg) throws InterruptedException {
        ffmpeg.destroy();
        if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
