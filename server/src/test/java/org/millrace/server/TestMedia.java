package org.millrace.server;

import java.nio.file.Path;
import org.millrace.testkit.SrtPublisher;
import org.millrace.testkit.TestPattern;

/** Test helper: what the acceptance tests publish (Debian's ffmpeg), and how. */
public final class TestMedia {
    private TestMedia() {}

    /**
     * 1280x720 at 30 fps with a 440 Hz tone, H.264 with 2 s GOPs and AAC, as MPEG-TS: what OBS sends, so the
     * server's ladder is source + 480p + 360p. 2 s, not the 1 s the README asks for: the copied source's segments
     * are then 2 s against the rungs' 1 s, the case of a streamer who kept Twitch's keyframe interval.
     */
    static Path testPattern(Path ts, int seconds) throws Exception {
        return TestPattern.of(1280, 720, 30, seconds).cappedBitrate("2M", "1M").writeTo(ts);
    }

    /**
     * 320x240 at 25 fps with a tone, H.264 (300 kb/s, 2 s GOPs) and AAC, as MPEG-TS: below every rung of the ladder,
     * so the server only repackages it (no encoding), for tests that run many publishers and processes at once.
     */
    public static Path smallPattern(Path ts, int seconds) throws Exception {
        return TestPattern.of(320, 240, 25, seconds)
                .simpleSource()
                .cappedBitrate("300k", "300k")
                .audioBitrate("64k")
                .writeTo(ts);
    }

    /**
     * 640x480 at 25 fps with a tone, H.264 (1 Mb/s, 2 s GOPs) and AAC, as MPEG-TS: a ladder of the copied source and
     * one encoded rung (360p), for tests that must keep up in real time on a loaded machine.
     */
    static Path vgaPattern(Path ts, int seconds) throws Exception {
        return TestPattern.of(640, 480, 25, seconds).cappedBitrate("1M", "1M").writeTo(ts);
    }

    /**
     * Publishes {@code ts} in real time to {@code srtUrl} with Debian's ffmpeg (a libsrt caller), as OBS would,
     * lingering 5 s at the end so what it sent last is delivered before it closes.
     */
    public static Process publish(Path ts, String srtUrl, Path log) throws Exception {
        return SrtPublisher.publish(ts, srtUrl + "&linger=5", log);
    }
}
