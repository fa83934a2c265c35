package org.millrace.recorder.media;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
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

    /** A part's name (sequence.index.m4s): what the end of a session deletes, a few target durations later. */
    private static final Pattern PART = Pattern.compile(".*/\\d+\\.\\d+\\.m4s");
    /** Far more than the transcoder keeps parts after the end (three target durations). */
    private static final Duration PARTS_GONE_WITHIN = Duration.ofSeconds(30);

    private final Path dir;
    private final Storage storage;
    private final TranscoderLiveInput input;

    public LiveSessionMaker(Path dir, Storage storage) throws IOException {
        this.dir = dir;
        this.storage = storage;
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
        // The parts still in storage go a few target durations after the end (players may still be fetching them):
        // a test that copies or lists the session must not race that deletion.
        String prefix = StorageLayout.liveSession(streamId, sessionId);
        long deadline = System.nanoTime() + PARTS_GONE_WITHIN.toNanos();
        while (storage.list(prefix).stream().anyMatch(o -> PART.matcher(o.key()).matches())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the session's parts were not deleted within " + PARTS_GONE_WITHIN);
            }
            Thread.sleep(100);
        }
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
