package org.millrace.srt.listener;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one source may take from an {@link SrtListener}, and how much handshake work may wait. A source is an IPv4
 * address or an IPv6 /64.
 *
 * @param connectionsPerSource open connections one source may hold; one more is refused with OVERLOAD (1402)
 * @param pendingPerSource     its handshakes awaiting the accept decision or key derivation; one more gets BACKLOG
 * @param handshakesPerSecondPerSource new handshakes (each asks the accept decision) one source may start per second,
 *                             with a burst of twice that; faster ones get BACKLOG (repeats of a pending or answered
 *                             one are not counted)
 * @param rejectionCacheSize   rejections remembered in all (for repeated conclusions); the oldest makes room
 * @param rejectionsPerSource  rejections remembered per source; past that they are answered but not remembered
 * @param keyDerivationThreads threads deriving passphrase keys (PBKDF2) off the event loop
 * @param keyDerivationQueue   derivations that may wait for a thread; an encrypted handshake finding the queue full
 *                             is refused with BACKLOG
 * @param unlimitedSources     addresses the per-source limits do not apply to: a trusted UDP front (nginx) through
 *                             which every caller arrives from the front's own address, and which limits each real
 *                             source itself
 */
public record SrtListenerLimits(
        int connectionsPerSource,
        int pendingPerSource,
        double handshakesPerSecondPerSource,
        int rejectionCacheSize,
        int rejectionsPerSource,
        int keyDerivationThreads,
        int keyDerivationQueue,
        Predicate<InetAddress> unlimitedSources) {

    /** Limits that apply to every source. */
    public SrtListenerLimits(
            int connectionsPerSource,
            int pendingPerSource,
            double handshakesPerSecondPerSource,
            int rejectionCacheSize,
            int rejectionsPerSource,
            int keyDerivationThreads,
            int keyDerivationQueue) {
        this(
                connectionsPerSource,
                pendingPerSource,
                handshakesPerSecondPerSource,
                rejectionCacheSize,
                rejectionsPerSource,
                keyDerivationThreads,
                keyDerivationQueue,
                address -> false);
    }

    public SrtListenerLimits {
        Objects.requireNonNull(unlimitedSources, "unlimitedSources");
        if (connectionsPerSource < 1
                || pendingPerSource < 1
                || handshakesPerSecondPerSource <= 0
                || keyDerivationThreads < 1
                || keyDerivationQueue < 1
                || rejectionCacheSize < 0
                || rejectionsPerSource < 0) {
            throw new IllegalArgumentException("SRT listener limits must be positive: " + this);
        }
    }

    /**
     * 16 connections, 8 pending handshakes and 10 new handshakes a second (burst 20) per source: room for a
     * studio's encoders behind one NAT all reconnecting at once, not for one client to take the port or keep the
     * accept decision busy; 4,096 remembered rejections (16 per source); 2 derivation threads with 64 waiting.
     */
    public static SrtListenerLimits defaults() {
        return new SrtListenerLimits(16, 8, 10, 4096, 16, 2, 64);
    }

    public SrtListenerLimits withPerSource(int connections, int pending, double handshakesPerSecond) {
        return new SrtListenerLimits(
                connections,
                pending,
                handshakesPerSecond,
                rejectionCacheSize,
                rejectionsPerSource,
                keyDerivationThreads,
                keyDerivationQueue,
                unlimitedSources);
    }

    public SrtListenerLimits withKeyDerivation(int threads, int queue) {
        return new SrtListenerLimits(
                connectionsPerSource,
                pendingPerSource,
                handshakesPerSecondPerSource,
                rejectionCacheSize,
                rejectionsPerSource,
                threads,
                queue,
                unlimitedSources);
    }

    /** The same limits, not applied to the addresses {@code unlimited} picks (a trusted UDP front). */
    public SrtListenerLimits withUnlimitedSources(Predicate<InetAddress> unlimited) {
        return new SrtListenerLimits(
                connectionsPerSource,
                pendingPerSource,
                handshakesPerSecondPerSource,
                rejectionCacheSize,
                rejectionsPerSource,
                keyDerivationThreads,
                keyDerivationQueue,
                unlimited);
    }
}
