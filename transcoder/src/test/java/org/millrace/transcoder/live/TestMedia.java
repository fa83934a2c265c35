package org.millrace.transcoder.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSink;
import org.millrace.testkit.PacedChunks;
import org.millrace.testkit.TestPattern;
import org.millrace.transcoder.TranscoderSettings;

/** The transcoder tests' sources, fed to a sink paced in real time like a live publisher. */
final class TestMedia {
    private TestMedia() {}

    /** A keyframe every segment target, as the README asks of OBS: the copied source is cut where the rungs are. */
    private static final long GOP =
            30 * TranscoderSettings.defaults().segmentDuration().toMillis() / 1000;

    /** A 30 fps test pattern at 2 Mb/s (H.264, or HEVC when {@code hevc}) with a tone unless {@code audio} is false. */
    static Path transportStream(Path dir, int width, int height, int seconds, boolean audio, boolean hevc)
            throws Exception {
        TestPattern pattern = TestPattern.of(width, height, 30, seconds)
                .cappedBitrate("2M", "1M")
                .gop(GOP);
        pattern = audio ? pattern : pattern.withoutAudio();
        return (hevc ? pattern.asHevc() : pattern).in(dir);
    }

    /** Writes {@code ts} to the sink in SRT payloads, at the file's average rate over {@code seconds}, then ends it. */
    static void feedRealTime(LiveSink sink, Path ts, double seconds) throws Exception {
        PacedChunks.feed(
                Files.readAllBytes(ts), PacedChunks.SRT_PAYLOAD, Duration.ofNanos((long) (seconds * 1e9)), sink::write);
        sink.close(LiveEndReason.PUBLISHER_CLOSED);
    }
}
