package org.millrace.recorder.media;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.Storage;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.PacedChunks;
import org.millrace.testkit.TestPattern;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** Makes real live sessions in storage: a generated test pattern with a tone, published through the transcoder. */
public final class LiveSessionMaker {
    /** A keyframe every segment target, as the README asks of OBS: the source is cut where the rungs are. */
    private static final long GOP =
            30 * TranscoderSettings.defaults().segmentDuration().toMillis() / 1000;

    private final Path dir;
    private final TranscoderLiveInput input;

    public LiveSessionMaker(Path dir, Storage storage) throws IOException {
        this.dir = dir;
        this.input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(Files.createDirectories(dir.resolve("transcoder"))),
                storage,
                new SimpleMeterRegistry());
    }

    /** Publishes {@code seconds} of 854x480 30 fps H.264 ({@link #GOP}) + AAC in real time; returns once stored. */
    public void publish(String streamId, String sessionId, boolean resumed, int seconds) throws Exception {
        Path ts =
                TestPattern.of(854, 480, 30, seconds).bitrate("1500k").gop(GOP).in(dir);
        LiveSink sink =
                input.open(new LiveSessionInfo(streamId, sessionId, resumed, Instant.now(), "127.0.0.1:1", 120, false));
        PacedChunks.feed(Files.readAllBytes(ts), PacedChunks.SRT_PAYLOAD, Duration.ofSeconds(seconds), sink::write);
        sink.close(LiveEndReason.PUBLISHER_CLOSED);
    }

    /**
     * Ends the session as the streams service does once the reconnect grace is over: the playlists get EXT-X-ENDLIST
     * (a publisher leaving no longer ends them), which is what tells the recorder the session is complete in storage.
     */
    public void end(String streamId, String sessionId) throws Exception {
        input.endSession(streamId, sessionId).get(60, TimeUnit.SECONDS);
    }

    /**
     * What ffmpeg reports decoding all of {@code mp4} (empty: nothing wrong). Frames are timed in the 90 kHz time base
     * on the way out: ffmpeg's default, a tick of the frame rate it guesses, takes two frames a few ms off the 30 fps
     * grid (where a hole in a recording was closed up) for frames out of order.
     */
    public static String decodeErrors(Path mp4) throws Exception {
        return MediaChecks.decodeErrors(mp4, "-enc_time_base:v", "1:90000");
    }
}
