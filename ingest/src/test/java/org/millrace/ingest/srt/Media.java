package org.millrace.ingest.srt;

import java.nio.file.Path;
import org.millrace.core.config.LiveHlsSettings;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.TestPattern;

/** The ingest tests' source: what a streamer's encoder sends, with the keyframe interval the README asks for. */
final class Media {
    /** A keyframe every segment target (25 fps), as the README asks of OBS: the source is cut where the rungs are. */
    private static final long GOP =
            25 * LiveHlsSettings.defaults().segmentTarget().toMillis() / 1000;

    private Media() {}

    /** An H.264 + AAC MPEG-TS test pattern with a tone, 640x360 at 25 fps, 800 kb/s. */
    static Path transportStream(Path dir, int seconds) throws Exception {
        return TestPattern.of(640, 360, 25, seconds).bitrate("800k").gop(GOP).in(dir);
    }

    /** What ffmpeg sends of {@code ts} with {@code -c copy -f mpegts}: the same remux written to a file. */
    static byte[] remux(Path ts) throws Exception {
        return MediaChecks.remux(ts, ts.resolveSibling(ts.getFileName() + ".remux.ts"));
    }
}
