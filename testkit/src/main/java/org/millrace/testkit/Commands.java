package org.millrace.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool (ffmpeg, ffprobe) to its end and fails, with the tool's output, when it fails or overruns. */
public final class Commands {
    private Commands() {}

    /** Its output (stdout and stderr together); an {@link IOException} on a non-zero exit, an error on a timeout. */
    public static String run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        // Read before waiting: a tool whose output fills the pipe would otherwise never end.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + output);
        }
        return output;
    }
}
