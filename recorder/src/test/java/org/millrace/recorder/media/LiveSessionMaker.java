package org.millrace.recorder.media;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.Storage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** Makes real live sessions in storage: a generated test pattern with a tone, published through the transcoder. */
public final class LiveSessionMaker {
    /** A keyframe every segment target, as the README asks of OBS: the source is cut where the rungs are. */
    private static final long GOP = 30 * TranscoderSettings.defaults().segmentDuration().toMillis() / 1000;
    private final Path dir;
    private final TranscoderLiveInput input;

    public LiveSessionMaker(Path dir, Storage storage) throws IOException {
        this.dir = dir;
        this.input = new TranscoderLiveInput(TranscoderSettings.defaults()
                .withWorkDir(Files.createDirectories(dir.resolve("transcoder"))), storage, new SimpleMeterRegistry());
    }

    /** Publishes {@code seconds} of 854x480 30 fps H.264 ({@link #GOP}) + AAC in real time; returns once stored. */
    public void publish(String streamId, String sessionId, boolean resumed, int seconds) throws Exception {
        Path ts = transportStream(seconds);
        LiveSink sink = input.open(new LiveSessionInfo(streamId, sessionId, resumed, Instant.now(), "127.0.0.1:1",
                120, false));
        byte[] bytes = Files.readAllBytes(ts);
        double bytesPerNano = bytes.length / (seconds * 1e9);
        long start = System.nanoTime();
        for (int off = 0; off < bytes.length; off += 1316) {
            int n = Math.min(1316, bytes.length - off);
            byte[] part = new byte[n];
            System.arraycopy(bytes, off, part, 0, n);
            long wait = start + (long) (off / bytesPerNano) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sink.write(part);
        }
        sink.close(LiveEndReason.PUBLISHER_CLOSED);
    }

    /**
     * Ends the session as the streams service does once the reconnect grace is over: the playlists get EXT-X-ENDLIST
     * (a publisher leaving no longer ends them), which is what tells the recorder the session is complete in storage.
     */
    public void end(String streamId, String sessionId) throws Exception {
        input.endSession(streamId, sessionId).get(60, TimeUnit.SECONDS);
    }

    private Path transportStream(int seconds) throws Exception {
        Path out = dir.resolve("src-" + seconds + ".ts");
        if (!Files.exists(out)) {
            run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
                    "-b:v", "1500k", "-g", Long.toString(GOP), "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", out.toString()), 120);
        }
        return out;
    }

    /**
     * What ffmpeg reports decoding all of {@code mp4} (empty: nothing wrong). Frames are timed in the 90 kHz time base
     * on the way out: ffmpeg's default, a tick of the frame rate it guesses, takes two frames a few ms off the 30 fps
     * grid (where a hole in a recording was closed up) for frames out of order.
     */
    public static String decodeErrors(Path mp4) throws Exception {
        return run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", mp4.toString(),
                "-enc_time_base:v", "1:90000", "-f", "null", "-"), 120).strip();
    }

    /** Runs a command; answers its output (stdout and stderr), failing on a non-zero exit. */
    public static String run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + output);
        }
        return output;
    }
}
