package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.peer.RawSrtCaller;

/**
 * Conclusion floods from callers holding a valid cookie (one cookie serves any socket id from its address:port for
 * about two minutes): whatever they send, the listener's handshake state stays bounded per source and in all, the
 * rejections are counted rather than logged one by one, and an encrypted flood cannot queue unbounded key
 * derivations.
 */
class SrtHandshakeFloodTest {
    private static final String PASSPHRASE = "flood-passphrase-0123";

    @RegisterExtension
    final TestListener srt = new TestListener();

    @Test
    void twentyThousandRejectedConclusionsLeaveBoundedState() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SrtListener listener = srt.bind(request -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(AcceptDecision.reject(RejectReason.NOT_FOUND));
        });
        int perSource = SrtListenerLimits.defaults().rejectionsPerSource();
        try (LogCapture logs = new LogCapture();
                RawSrtCaller attacker = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.1"));
                RawSrtCaller other = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
            int cookie = attacker.induce(1, 2000);
            for (int i = 0; i < 20_000; i++) {
                attacker.send(RawSrtCaller.conclusion(1000 + i, cookie, "publish:unknown-" + i, Optional.empty()));
                if (i % 10 == 0) {
                    Thread.sleep(1);
                }
            }
            awaitCount(() -> listener.counters().rejected(), 19_000);
            int size = listener.handshakeStateSize();
            // Another caller is still rejected properly, and its repeated conclusion is answered from the cache.
            int otherCookie = other.induce(7, 2000);
            HandshakePacket answer = other.conclude(7, otherCookie, "publish:nope", Optional.empty(), 2000);
            assertThat(answer.handshakeType()).isEqualTo(HandshakeType.FAILURE_BASE + RejectReason.NOT_FOUND.code());
            int askedBefore = asked.get();
            HandshakePacket again = other.conclude(7, otherCookie, "publish:nope", Optional.empty(), 2000);
            assertThat(again.handshakeType()).isEqualTo(answer.handshakeType());
            assertThat(asked.get()).as("a repeat is answered from the cache").isEqualTo(askedBefore);

            String counts = "rejected " + listener.counters().rejected() + ", state " + size + ", log lines "
                    + logs.count("rejected") + ", accept decisions asked " + asked.get();
            assertThat(size).as(counts).isLessThanOrEqualTo(perSource);
            // Past its burst the flooding source is refused before the accept decision is asked (a database lookup).
            assertThat(asked.get()).as(counts).isLessThan(200);
            assertThat(logs.count("rejected")).as(counts).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void rejectionsRememberedStayWithinTheirTotal() throws Exception {
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(new SrtListenerLimits(16, 8, 1000, 40, 16, 2, 64)),
                request -> CompletableFuture.completedFuture(AcceptDecision.reject(RejectReason.NOT_FOUND)));
        List<RawSrtCaller> callers = new ArrayList<>();
        try {
            for (int a = 2; a < 8; a++) { // six sources, 16 each: more than the 40 remembered in all
                RawSrtCaller caller = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0." + a));
                callers.add(caller);
                int cookie = caller.induce(1, 2000);
                for (int i = 0; i < 16; i++) {
                    caller.conclude(100 + i, cookie, "publish:x", Optional.empty(), 2000);
                }
            }
            assertThat(listener.counters().rejected()).isEqualTo(96);
            assertThat(listener.handshakeStateSize()).isEqualTo(40);
        } finally {
            callers.forEach(RawSrtCaller::close);
        }
    }

    @Test
    void encryptedConclusionFloodIsRefusedOnceTheDerivationQueueIsFull() throws Exception {
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(SrtListenerLimits.defaults()
                                .withPerSource(1000, 1000, 10_000)
                                .withKeyDerivation(1, 4)),
                request ->
                        CompletableFuture.completedFuture(AcceptDecision.accept(PASSPHRASE, new RecordingHandler())));
        byte[] km = RawSrtCaller.keyMaterial(PASSPHRASE, RawSrtCaller.randomSalt());
        try (RawSrtCaller attacker = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.1"));
                RawSrtCaller other = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
            int cookie = attacker.induce(1, 2000);
            for (int i = 0; i < 200; i++) {
                attacker.send(RawSrtCaller.conclusion(1000 + i, cookie, "publish:mine", Optional.of(km)));
                if (i % 20 == 0) {
                    Thread.sleep(1);
                }
            }
            // While derivations run, the loop still answers at once: an induction round trip from elsewhere.
            long t0 = System.nanoTime();
            other.induce(9, 2000);
            double inductionMillis = (System.nanoTime() - t0) / 1e6;
            awaitCount(
                    () -> listener.counters().accepted() + listener.counters().rejected(), 190);
            ListenerCounters c = listener.counters();
            String counts = "accepted " + c.accepted() + ", rejected " + c.rejected() + ", derivations "
                    + c.keyDerivations() + ", refused derivations " + c.keyDerivationsRefused() + ", induction "
                    + inductionMillis + " ms";
            assertThat(c.keyDerivationsRefused()).as(counts).isPositive();
            // Every conclusion was either derived (and accepted) or refused at once, none waited unbounded.
            assertThat(c.rejected()).as(counts).isEqualTo(c.keyDerivationsRefused());
            assertThat(c.keyDerivations()).as(counts).isEqualTo(c.accepted());
            assertThat(c.accepted() + c.rejected()).as(counts).isGreaterThanOrEqualTo(190);
            assertThat(inductionMillis).as(counts).isLessThan(100.0);
        }
    }

    private static void awaitCount(java.util.function.LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }
}
