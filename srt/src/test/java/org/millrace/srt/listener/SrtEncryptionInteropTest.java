package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.testkit.Commands;
import org.millrace.testkit.MediaChecks;

/** Encrypted publishing from Debian's ffmpeg (libsrt 1.5.1): every key length, re-keying, and wrong secrets. */
class SrtEncryptionInteropTest {
    private static final String KEY = "publish:encrypted-stream-key-01";
    private static final String PASSPHRASE = "correct-horse-battery-staple";

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
        return "srt://127.0.0.1:" + listener.localAddress().getPort() + "?streamid=" + KEY + "&" + query;
    }

    private byte[] reference(Path ts) throws Exception {
        return TestStreams.remuxed(ts, dir, "reference.ts");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void everyKeyLengthDecryptsByteIdentical(int keyLength) throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 3, "1M");
        byte[] expected = reference(ts);
        RecordingHandler handler = listen(PASSPHRASE);
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
                        url("passphrase=" + PASSPHRASE + "&pbkeylen=" + keyLength + "&latency=120000&linger=5")),
                60);
        handler.closed.get(10, TimeUnit.SECONDS);
        assertThat(handler.opened.get().encrypted()).isTrue();
        assertThat(handler.opened.get().statistics().packetsUndecryptable()).isZero();
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(expected));
    }

    @Test
    void reKeyingMidStreamKeepsTheStreamIntact() throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 6, "1M");
        byte[] expected = reference(ts);
        RecordingHandler handler = listen(PASSPHRASE);
        // A new key every 200 packets, announced 50 packets ahead: several re-keys during the stream.
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
                        url("passphrase=" + PASSPHRASE
                                + "&pbkeylen=16&kmrefreshrate=200&kmpreannounce=50&latency=120000&linger=5")),
                60);
        handler.closed.get(10, TimeUnit.SECONDS);
        assertThat(handler.opened.get().statistics().packetsUndecryptable()).isZero();
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(expected));
        // libsrt keeps its salt across re-keys: the handshake's one derivation serves them all.
        assertThat(listener.counters().keyDerivations()).isEqualTo(1);
        assertThat(listener.counters().keyMaterialDropped()
                        + listener.counters().keyMaterialRefused())
                .isZero();
    }

    @Test
    void wrongOrMissingPassphraseIsRejectedFast() throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 1, "1M");
        listen(PASSPHRASE);
        long start = System.nanoTime();
        Process wrong = new ProcessBuilder(
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
                        url("passphrase=not-the-right-one&pbkeylen=16"))
                .redirectErrorStream(true)
                .start();
        String wrongOutput = new String(wrong.getInputStream().readAllBytes());
        assertThat(wrong.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isNotZero();
        assertThat(System.nanoTime() - start).as("rejected, not timed out").isLessThan(2_500_000_000L);

        Process missing = new ProcessBuilder(
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
                        url("latency=120000"))
                .redirectErrorStream(true)
                .start();
        missing.getInputStream().readAllBytes();
        assertThat(missing.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isNotZero();
        assertThat(listener.counters().rejected()).isEqualTo(2);
        assertThat(listener.counters().accepted()).isZero();
        assertThat(wrongOutput).isNotBlank();
    }
}
