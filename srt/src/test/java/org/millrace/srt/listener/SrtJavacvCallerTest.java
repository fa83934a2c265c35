package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.testkit.MediaChecks;

/**
 * An in-JVM caller: the libsrt (1.5.4) built into javacv's FFmpeg, writing a transport stream through FFmpeg's
 * srt:// protocol directly (avio), so what is written is exactly what must arrive.
 */
class SrtJavacvCallerTest {
    private static final String KEY = "publish:javacv-caller";
    private static final int CHUNK = 1316;

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private SrtListener listener;

    @Test
    void ffmpegLibsrt154PublishesByteIdentical() throws Exception {
        byte[] sent = Files.readAllBytes(TestStreams.makeTransportStream(dir, 3, "800k"));
        RecordingHandler handler = new RecordingHandler();
        listener = srt.bind(request -> CompletableFuture.completedFuture(
                request.streamId().equals(KEY)
                        ? AcceptDecision.accept(null, handler)
                        : AcceptDecision.reject(RejectReason.NOT_FOUND)));
        String url = "srt://127.0.0.1:" + listener.localAddress().getPort() + "?streamid=" + KEY
                + "&latency=200000&linger=5&payload_size=" + CHUNK;

        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avformat.avformat_network_init();
        AVIOContext io = new AVIOContext(null);
        int rc = avformat.avio_open2(io, url, avformat.AVIO_FLAG_WRITE, null, null);
        assertThat(rc).as("avio_open2 %s", url).isGreaterThanOrEqualTo(0);
        try {
            // Paced over about three seconds, like a live source: SRT's sender drops what is too late to play.
            int chunks = (sent.length + CHUNK - 1) / CHUNK;
            long start = System.nanoTime();
            long durationNanos = TimeUnit.SECONDS.toNanos(3);
            for (int i = 0; i < chunks; i++) {
                long wait = start + durationNanos * i / chunks - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int length = Math.min(CHUNK, sent.length - i * CHUNK);
                byte[] chunk = java.util.Arrays.copyOfRange(sent, i * CHUNK, i * CHUNK + length);
                avformat.avio_write(io, chunk, length);
                avformat.avio_flush(io);
                assertThat(io.error()).as("avio error after chunk %d", i).isZero();
            }
            // FFmpeg's libsrt_close calls srt_close and then srt_cleanup at once. On its non-blocking socket a
            // linger with data still unsent returns straight away and lingers in the background, which srt_cleanup
            // then cuts short: the last packets and the SHUTDOWN are never sent. So close only once all is here.
            TestStreams.awaitBytes(handler, sent.length, java.time.Duration.ofSeconds(5));
        } finally {
            assertThat(avformat.avio_closep(io)).isGreaterThanOrEqualTo(0);
        }

        SrtConnectionInfo connection = handler.opened.get(10, TimeUnit.SECONDS);
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(connection.peerVersion()).isEqualTo("1.5.4");
        assertThat(connection.streamId()).isEqualTo(KEY);
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        assertThat(connection.statistics().packetsDropped()).isZero();
        assertThat(listener.counters().errors()).isZero();
    }
}
