package org.millrace.srt.handshake;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.millrace.srt.crypto.InvalidKeyMaterialException;
import org.millrace.srt.crypto.KeyDerivationPool;
import org.millrace.srt.crypto.KeyEncryptingKey;
import org.millrace.srt.crypto.KeyMaterial;
import org.millrace.srt.crypto.StreamKeys;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HsExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a listener's handshakes: inductions statelessly (a SYN cookie), conclusions through the cookie, the
 * HSv5-live rules, the listener's and the source's limits, the application's accept decision and, for an encrypted
 * caller, the key derivation, to either a rejection (cached for the caller's socket) or the go-ahead for the
 * listener to open the connection. Confined to the listener's event loop; every piece of state a caller can make
 * here is bounded.
 */
public final class HandshakeResponder {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeResponder.class);
    private static final long LOG_INTERVAL_MICROS = 10_000_000;
    private static final long REJECTION_CACHE_MICROS = 10_000_000;

    /** What the responder needs from its listener. */
    public interface Host {
        /** The listener's clock, in microseconds. */
        long nowMicros();

        void send(HandshakePacket answer, InetSocketAddress to);

        /** The answer already given to an open connection of this caller socket, or null. */
        HandshakePacket openConnectionAnswer(InetSocketAddress from, int callerSocketId);

        int connectionCount();

        /** False once the listener's socket is closed: a late decision then opens nothing. */
        boolean active();

        /**
         * Opens the connection (or rejects it through {@link #reject} when it no longer fits); {@code kek} and
         * {@code keys} are null when the stream is not encrypted.
         */
        void establish(
                HandshakePacket conclusion,
                InetSocketAddress from,
                AcceptDecision decision,
                KeyEncryptingKey kek,
                StreamKeys keys,
                long nowMicros);

        void count(Outcome outcome);
    }

    /** What the responder counts, besides the connections the listener opens. */
    public enum Outcome {
        /** A conclusion whose cookie did not check out (also counted as rejected). */
        BAD_COOKIE,
        REJECTED,
        /** Refused by a per-source limit (also counted as rejected). */
        SOURCE_LIMITED,
        /** An encrypted conclusion refused because the key derivation queue was full (also counted as rejected). */
        KEY_DERIVATION_REFUSED
    }

    /**
     * The limits of one listener that bound what callers can make it hold.
     *
     * @param rejectionCacheSize  rejections remembered (each for 10 s), all sources together
     * @param rejectionsPerSource of which one source may hold this many
     */
    public record Limits(
            int maxPendingHandshakes,
            int maxConnections,
            long acceptTimeoutMillis,
            int rejectionCacheSize,
            int rejectionsPerSource) {}

    private record CallerSocket(InetSocketAddress address, int socketId) {}

    private final SrtAcceptor acceptor;
    private final SynCookies cookies;
    private final RejectionCache rejections;
    private final SourceQuotas quotas;
    private final KeyDerivationPool derivations;
    private final Executor loop;
    private final Host host;
    private final Limits limits;
    private final long startMicros;
    private final Map<CallerSocket, Long> pending = new HashMap<>();
    private final LogThrottle rejectionLog = new LogThrottle(LOG_INTERVAL_MICROS);
    private final LogThrottle acceptFailureLog = new LogThrottle(LOG_INTERVAL_MICROS);

    /**
     * @param quotas      the listener's per-source limits (it counts the connections it opens and closes there)
     * @param loop        the listener's event loop: decisions and derived keys come back on it
     * @param startMicros the listener's start, from which the timestamps of its answers count
     */
    public HandshakeResponder(
            SrtAcceptor acceptor,
            SourceQuotas quotas,
            KeyDerivationPool derivations,
            Executor loop,
            Host host,
            Limits limits,
            SecureRandom random,
            long startMicros) {
        this.acceptor = acceptor;
        this.cookies = new SynCookies(random);
        this.rejections =
                new RejectionCache(REJECTION_CACHE_MICROS, limits.rejectionCacheSize(), limits.rejectionsPerSource());
        this.quotas = quotas;
        this.derivations = derivations;
        this.loop = loop;
        this.host = host;
        this.limits = limits;
        this.startMicros = startMicros;
    }

    /** Handshakes waiting for a decision or a key, plus cached rejections. */
    public int size() {
        return pending.size() + rejections.size();
    }

    /** Forgets rejections past their lifetime (the listener's tick). */
    public void expire(long nowMicros) {
        rejections.expire(nowMicros);
    }

    /** The timestamp field of the listener's packets at {@code nowMicros}. */
    public int timestamp(long nowMicros) {
        return (int) (nowMicros - startMicros);
    }

    /**
     * One handshake addressed to the listener (destination socket 0).
     *
     * @return false when it is neither an induction nor a conclusion (malformed for a listener)
     */
    public boolean onHandshake(HandshakePacket hs, InetSocketAddress from, long now) {
        if (hs.isInduction()) {
            host.send(HandshakeAnswers.induction(hs, cookies.cookie(from, now / 1000), timestamp(now), from), from);
            return true;
        }
        if (!hs.isConclusion()) {
            return false;
        }
        HandshakePacket open = host.openConnectionAnswer(from, hs.socketId());
        if (open != null) {
            host.send(open, from); // a repeated conclusion: the same answer again
            return true;
        }
        Optional<HandshakePacket> rejected = rejections.get(from, hs.socketId(), now);
        if (rejected.isPresent()) {
            host.send(rejected.get(), from);
            return true;
        }
        CallerSocket key = new CallerSocket(from, hs.socketId());
        if (pending.containsKey(key)) {
            return true; // still deciding; the caller repeats its conclusion until we answer
        }
        if (!cookies.verify(from, hs.synCookie(), now / 1000)) {
            // Answered but not remembered: until the cookie checks out the source address may be forged, and a
            // flood of such conclusions (each with its own socket id) must not grow any map.
            host.count(Outcome.BAD_COOKIE);
            host.count(Outcome.REJECTED);
            host.send(HandshakeAnswers.rejection(hs, RejectReason.ROGUE, timestamp(now)), from);
            return true;
        }
        Optional<RejectReason> invalid = HandshakeAnswers.violation(hs);
        if (invalid.isPresent()) {
            reject(hs, from, invalid.get(), now);
            return true;
        }
        Optional<KeyMaterial> km = Optional.empty();
        if (hs.keyMaterial().isPresent()) {
            try {
                km = Optional.of(KeyMaterial.decode(hs.keyMaterial().get()));
            } catch (InvalidKeyMaterialException e) {
                reject(hs, from, RejectReason.BADSECRET, now);
                return true;
            }
        }
        if (pending.size() >= limits.maxPendingHandshakes() || host.connectionCount() >= limits.maxConnections()) {
            reject(hs, from, RejectReason.BACKLOG, now);
            return true;
        }
        Optional<RejectReason> overSourceLimit = quotas.refusal(from.getAddress(), now);
        if (overSourceLimit.isPresent()) {
            host.count(Outcome.SOURCE_LIMITED);
            reject(hs, from, overSourceLimit.get(), now);
            return true;
        }
        pending.put(key, now);
        quotas.pendingStarted(from.getAddress());
        ConnectionRequest request = new ConnectionRequest(
                hs.streamId().orElse(""),
                from,
                km.isPresent(),
                km.map(KeyMaterial::keyLength).orElse(0),
                hs.hs().map(HsExtension::versionString).orElse("?"));
        Optional<KeyMaterial> keyMaterial = km;
        CompletionStage<AcceptDecision> decision;
        try {
            decision = acceptor.decide(request);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        decision.toCompletableFuture()
                .orTimeout(limits.acceptTimeoutMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> loop.execute(() -> conclude(hs, key, keyMaterial, answer, failure)));
        return true;
    }

    private void endPending(CallerSocket key) {
        if (pending.remove(key) != null) {
            quotas.pendingEnded(key.address().getAddress());
        }
    }

    /**
     * The accept decision is in: reject, or accept at once, or (encrypted) derive the key encrypting key on the
     * derivation pool and accept when it is back. The handshake stays pending until then, so repeats are ignored.
     */
    private void conclude(
            HandshakePacket hs,
            CallerSocket key,
            Optional<KeyMaterial> km,
            AcceptDecision decision,
            Throwable failure) {
        long now = host.nowMicros();
        if (!host.active()) {
            endPending(key);
            return;
        }
        if (failure != null || decision == null) {
            long held = acceptFailureLog.admit(now);
            if (held >= 0) {
                LOG.warn(
                        "SRT accept callback failed for {}: {}{}",
                        key.address(),
                        String.valueOf(failure),
                        LogThrottle.heldBackNote(held));
            }
            endPending(key);
            reject(hs, key.address(), RejectReason.UNAVAILABLE, now);
            return;
        }
        if (!decision.accepted()) {
            endPending(key);
            reject(hs, key.address(), decision.rejection(), now);
            return;
        }
        String passphrase = decision.passphrase();
        if ((passphrase == null) != km.isEmpty()) {
            // One side wants encryption and the other does not.
            endPending(key);
            reject(hs, key.address(), RejectReason.UNSECURE, now);
            return;
        }
        if (passphrase == null) {
            endPending(key);
            host.establish(hs, key.address(), decision, null, null, now);
            return;
        }
        KeyMaterial material = km.get();
        boolean queued = derivations.derive(
                passphrase,
                material,
                loop,
                (kek, derivationFailure) -> onKeyDerived(hs, key, decision, material, kek, derivationFailure));
        if (!queued) {
            host.count(Outcome.KEY_DERIVATION_REFUSED);
            endPending(key);
            reject(hs, key.address(), RejectReason.BACKLOG, now);
        }
    }

    private void onKeyDerived(
            HandshakePacket hs,
            CallerSocket key,
            AcceptDecision decision,
            KeyMaterial km,
            KeyEncryptingKey kek,
            Throwable failure) {
        long now = host.nowMicros();
        endPending(key);
        if (!host.active()) {
            return;
        }
        if (failure != null) {
            LOG.error("SRT key derivation failed", failure);
            reject(hs, key.address(), RejectReason.UNAVAILABLE, now);
            return;
        }
        StreamKeys keys;
        try {
            keys = kek.unwrap(km);
        } catch (InvalidKeyMaterialException e) {
            reject(hs, key.address(), RejectReason.BADSECRET, now);
            return;
        }
        host.establish(hs, key.address(), decision, kek, keys, now);
    }

    /** Answers the caller with a rejection, remembered for its socket for a while (bounded). */
    public void reject(HandshakePacket hs, InetSocketAddress from, RejectReason reason, long now) {
        host.count(Outcome.REJECTED);
        HandshakePacket response = HandshakeAnswers.rejection(hs, reason, timestamp(now));
        rejections.put(from, hs.socketId(), response, now);
        long held = rejectionLog.admit(now);
        if (held >= 0) {
            LOG.info("SRT handshake from {} rejected: {}{}", from, reason, LogThrottle.heldBackNote(held));
        }
        host.send(response, from);
    }
}
