package org.millrace.transcoder.fmp4;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's ffmpeg / ffprobe, the real peers that make and check the test media. */
final class FfmpegTool {
    private FfmpegTool() {
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + output);
        }
        return output;
    }
}
