package org.millrace.transcoder.fmp4;

import java.util.List;
import org.millrace.testkit.Commands;

/** Runs Debian's ffmpeg / ffprobe, the real peers that make and check the test media. */
final class FfmpegTool {
    private FfmpegTool() {}

    static String run(List<String> command) throws Exception {
        return Commands.run(command, 180);
    }
}
