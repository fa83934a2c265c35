package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;

/** Ten libsrt callers publishing different streams to one listener port at once, each kept apart by stream id. */
class SrtConcurrentCallersTest {
    private static final int CALLERS = 10;

    @TempDir
    Path dir;

    private SrtListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void tenCallersAtOnceEachArriveByteIdentical() throws Exception {
        // Different bitrates make ten different byte streams, so any cross-talk between connections shows.
        List<Path> sources = new ArrayList<>();
        List<byte[]> references = new ArrayList<>();
        Map<String, RecordingHandler> handlers = new ConcurrentHashMap<>();
        for (int i = 0; i < CALLERS; i++) {
            Path ts = TestStreams.makeTransportStream(dir, 3, (400 + 20 * i) + "k");
            Path reference = dir.resolve("reference-" + i + ".ts");
            TestStreams.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", ts.toString(),
                    "-c", "copy", "-f", "mpegts", reference.toString()), 60);
            sources.add(ts);
            references.add(Files.readAllBytes(reference));
            handlers.put("publish:caller-" + i, new RecordingHandler());
        }
        listener = SrtListener.bind(SrtListenerConfig.defaults("127.0.0.1", 0), request -> {
            RecordingHandler h = handlers.get(request.streamId());
            return CompletableFuture.completedFuture(h == null ? AcceptDecision.reject(RejectReason.NOT_FOUND)
                    : AcceptDecision.accept(null, h));
        });
        int port = listener.localAddress().getPort();
        List<Process> callers = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                callers.add(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i",
                        sources.get(i).toString(), "-c", "copy", "-f", "mpegts",
                        "srt://127.0.0.1:" + port + "?streamid=publish:caller-" + i + "&latency=200000&linger=5")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("caller-" + i + ".log").toFile())
                        .start());
            }
            for (int i = 0; i < CALLERS; i++) {
                assertThat(callers.get(i).waitFor(60, TimeUnit.SECONDS)).as("caller %d finished", i).isTrue();
                assertThat(callers.get(i).exitValue()).as("caller %d: %s", i,
                        Files.readString(dir.resolve("caller-" + i + ".log"))).isZero();
            }
        } finally {
            callers.forEach(Process::destroyForcibly);
        }
        for (int i = 0; i < CALLERS; i++) {
            RecordingHandler h = handlers.get("publish:caller-" + i);
            assertThat(h.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER_CLOSED);
            assertThat(h.opened.get().streamId()).isEqualTo("publish:caller-" + i);
            assertThat(h.received().length).as("caller %d length", i).isEqualTo(references.get(i).length);
            assertThat(TestStreams.sha256(h.received())).as("caller %d bytes", i)
                    .isEqualTo(TestStreams.sha256(references.get(i)));
            assertThat(h.opened.get().statistics().packetsDropped()).isZero();
        }
        assertThat(listener.counters().accepted()).isEqualTo(CALLERS);
        assertThat(listener.counters().errors()).isZero();
        assertThat(listener.connectionCount()).isZero();
    }
}
