package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.stream.CloseReason;
import org.millrace.testkit.Commands;
import org.millrace.testkit.MediaChecks;

/** Real libsrt callers (Debian's ffmpeg and srt-live-transmit, libsrt 1.5.1) publishing into our listener. */
class SrtListenerInteropTest {
    private static final String KEY = "publish:test-stream-key-0123";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private SrtListener listener;

    private RecordingHandler listen(String passphrase) throws Exception {
        RecordingHandler handler = srt.acceptOnly(KEY, passphrase);
        listener = srt.get();
        return handler;
    }

    private String url(String query) {
        return "srt://127.0.0.1:" + listener.localAddress().getPort() + "?" + query;
    }

    @Test
    void debianFfmpegPublishesByteIdentical() throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 4, "1M");
        // ffmpeg re-muxes what it sends; the same remux into a file is what must arrive, byte for byte.
        byte[] sent = TestStreams.remuxed(ts, dir, "reference.ts");
        RecordingHandler handler = listen(null);
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-re",
                        "-i",
                        ts.toString(),
                        "-c",
                        "copy",
                        "-f",
                        "mpegts",
                        url("streamid=" + KEY + "&latency=120000&linger=5")),
                60);
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        assertThat(handler.opened.get().statistics().packetsDropped()).isZero();
    }

    @Test
    void srtLiveTransmitPublishesByteIdentical() throws Exception {
        // The classic relay: MPEG-TS over UDP in, one SRT packet per 1316-byte datagram out.
        byte[] sent = TestStreams.wholeChunks(Files.readAllBytes(TestStreams.makeTransportStream(dir, 4, "1M")), 1316);
        RecordingHandler handler = listen(null);
        int udpPort = TestStreams.freeUdpPort();
        Process relay = new ProcessBuilder(
                        "srt-live-transmit", "-a:no", "-ll:error", "udp://127.0.0.1:" + udpPort, url("streamid=" + KEY))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("slt.log").toFile())
                .start();
        try {
            handler.opened.get(10, TimeUnit.SECONDS);
            Thread.sleep(200); // its UDP input is bound once the SRT output is up
            TestStreams.sendUdpPaced(udpPort, sent, 1316, Duration.ofSeconds(4));
            TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(10));
        } finally {
            relay.destroy();
        }
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
    }
}
