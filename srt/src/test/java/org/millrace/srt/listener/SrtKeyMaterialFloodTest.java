package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.ShutdownPacket;
import org.millrace.srt.peer.RawSrtCaller;
import org.millrace.testkit.MediaChecks;

/**
 * A signed-in publisher with an encrypted stream floods in-band key material (60,000 KMREQs in about 4 s, as the
 * hostile run did) while another publisher, Debian's ffmpeg with its own passphrase, streams: the other stream must
 * arrive intact, other callers' handshakes must be answered at once, the key encrypting key must be derived once
 * per connection (not per KM), and the flood must be counted, not logged.
 */
class SrtKeyMaterialFloodTest {
    private static final String VICTIM = "publish:victim";
    private static final String ATTACKER = "publish:attacker";
    private static final String PROBE = "publish:probe";
    private static final String SECOND = "publish:second";
    private static final String VICTIM_PASSPHRASE = "victim-passphrase-0123";
    private static final String ATTACKER_PASSPHRASE = "attacker-passphrase-0123";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    @Test
    void keyMaterialFloodLeavesOtherCallersAndStreamsAlone() throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 8, "1M");
        byte[] sent = TestStreams.remuxed(ts, dir, "reference.ts");
        RecordingHandler victim = new RecordingHandler();
        RecordingHandler second = new RecordingHandler();
        AtomicLong secondOpenedNanos = new AtomicLong();
        second.opened.thenRun(() -> secondOpenedNanos.set(System.nanoTime()));
        SrtListener listener = srt.bind(request -> CompletableFuture.completedFuture(
                switch (request.streamId()) {
                    case VICTIM -> AcceptDecision.accept(VICTIM_PASSPHRASE, victim);
                    case ATTACKER -> AcceptDecision.accept(ATTACKER_PASSPHRASE, new RecordingHandler());
                    case PROBE -> AcceptDecision.accept(null, new RecordingHandler());
                    case SECOND -> AcceptDecision.accept(null, second);
                    default -> AcceptDecision.reject(RejectReason.NOT_FOUND);
                }));
        Process publisher = new ProcessBuilder(
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
                        srt.url("streamid=" + VICTIM + "&passphrase=" + VICTIM_PASSPHRASE
                                + "&pbkeylen=16&latency=200000&linger=5"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("victim.log").toFile())
                .start();
        InetAddress attackerAddress = InetAddress.getByName("127.0.0.1");
        try (LogCapture logs = new LogCapture();
                RawSrtCaller attacker = new RawSrtCaller(listener.localAddress(), attackerAddress)) {
            victim.opened.get(10, TimeUnit.SECONDS);
            byte[] salt = RawSrtCaller.randomSalt();
            byte[] handshakeKm = RawSrtCaller.keyMaterial(ATTACKER_PASSPHRASE, salt);
            HandshakePacket answer = attacker.connect(0x1234, ATTACKER, Optional.of(handshakeKm), 2000);
            assertThat(RawSrtCaller.isRejection(answer))
                    .as("the attacker is a legitimate publisher")
                    .isFalse();
            int connection = answer.socketId();
            // What a hostile client varies: mostly the same KM, sometimes a new key, now and then a new salt.
            List<byte[]> variants = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                variants.add(
                        RawSrtCaller.keyMaterial(ATTACKER_PASSPHRASE, i % 4 == 0 ? RawSrtCaller.randomSalt() : salt));
            }
            // A short flood first, unmeasured: the listener's KM path gets compiled as it would be in a server that
            // has run a while (the measured flood then starts on warm code, on either side of the fix).
            for (int i = 0; i < 3_000; i++) {
                attacker.send(RawSrtCaller.keyMaterialRequest(handshakeKm, connection));
                if (i % 5 == 0) {
                    Thread.sleep(1);
                }
            }
            AtomicReference<Throwable> floodFailure = new AtomicReference<>();
            Thread flood = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < 60_000; i++) {
                                byte[] km = i % 50 == 0 ? variants.get((i / 50) % variants.size()) : handshakeKm;
                                attacker.send(RawSrtCaller.keyMaterialRequest(km, connection));
                                if (i % 15 == 0) {
                                    Thread.sleep(1);
                                }
                            }
                        } catch (Throwable t) {
                            floodFailure.set(t);
                        }
                    },
                    "km-flood");
            long floodStart = System.nanoTime();
            flood.start();
            // A second real publisher (libsrt) connects from another address in the middle of the flood.
            Thread.sleep(500);
            long secondStart = System.nanoTime();
            Process secondCaller = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + TestStreams.freeUdpPort(),
                            srt.url("streamid=" + SECOND + "&latency=200&mode=caller&adapter=127.0.0.3"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("second.log").toFile())
                    .start();
            List<Double> handshakeMillis;
            try {
                handshakeMillis = probeHandshakes(listener, flood);
                second.opened.get(10, TimeUnit.SECONDS);
            } finally {
                secondCaller.destroyForcibly();
            }
            double secondMillis = (secondOpenedNanos.get() - secondStart) / 1e6;
            flood.join(60_000);
            double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            assertThat(floodFailure.get()).isNull();

            assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(publisher.exitValue())
                    .as(Files.readString(dir.resolve("victim.log")))
                    .isZero();
            victim.closed.get(10, TimeUnit.SECONDS);
            ListenerCounters c = listener.counters();
            String summary = String.format(
                    "flood of 60000 KMs took %.1f s; srt-live-transmit connected after %.0f ms "
                            + "(process start included); handshakes during it (ms): %s; derivations %d, KM dropped %d, "
                            + "refused %d",
                    floodSeconds,
                    secondMillis,
                    handshakeMillis,
                    c.keyDerivations(),
                    c.keyMaterialDropped(),
                    c.keyMaterialRefused());
            System.out.println(summary);
            assertThat(handshakeMillis).as(summary).hasSizeGreaterThan(5);
            // The hostile run saw other handshakes unanswered for over a second; the probes time out at 5 s.
            assertThat(Collections.max(handshakeMillis)).as(summary).isLessThan(1000.0);
            assertThat(secondMillis).as(summary).isLessThan(2000.0);
            assertThat(second.opened.get().peer().getAddress().getHostAddress()).isEqualTo("127.0.0.3");
            assertThat(victim.opened.get().statistics().packetsDropped())
                    .as(summary)
                    .isZero();
            assertThat(victim.opened.get().statistics().packetsUndecryptable())
                    .as(summary)
                    .isZero();
            assertThat(MediaChecks.sha256(victim.received())).as(summary).isEqualTo(MediaChecks.sha256(sent));
            // One derivation per handshake (victim, attacker, the probes need none) and at most one new salt.
            assertThat(c.keyDerivations()).as(summary).isBetween(2L, 3L);
            assertThat(c.keyMaterialDropped()).as(summary).isGreaterThan(30_000);
            assertThat(logs.count("key material")).as(summary).isLessThanOrEqualTo(1);
            assertThat(c.errors()).isZero();
        } finally {
            publisher.destroyForcibly();
        }
    }

    /** Other callers handshake from another address while the flood runs: how long each waited for its answer. */
    private static List<Double> probeHandshakes(SrtListener listener, Thread flood) throws Exception {
        List<Double> millis = new ArrayList<>();
        Thread.sleep(200);
        try (RawSrtCaller probe = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
            int id = 0x100;
            while (flood.isAlive()) {
                id++;
                long t0 = System.nanoTime();
                HandshakePacket answer;
                try {
                    answer = probe.connect(id, PROBE, Optional.empty(), 5000);
                } catch (java.net.SocketTimeoutException e) {
                    millis.add(5000.0);
                    continue;
                }
                millis.add((System.nanoTime() - t0) / 1e6);
                assertThat(RawSrtCaller.isRejection(answer)).isFalse();
                probe.send(new ShutdownPacket(0, answer.socketId()));
                Thread.sleep(100);
            }
        }
        return millis;
    }
}
