package org.millrace.srt.handshake;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.millrace.srt.packet.HandshakeExtensionType;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.PeerAddressField;
import org.millrace.srt.packet.SrtFlags;

/**
 * What a listener answers to a caller's handshake: the induction with its cookie, the conclusion with our HSRSP,
 * a rejection, and which rejection a conclusion we cannot take (not HSv5 live mode) deserves.
 */
public final class HandshakeAnswers {
    /** libsrt 1.5.4: the version we announce in HSRSP (we implement the 1.5 receiving side). */
    private static final int SRT_VERSION = 0x010504;

    private static final int MAX_MTU = 1500;
    private static final int MIN_MTU = 76;

    private HandshakeAnswers() {}

    public static HandshakePacket induction(HandshakePacket hs, int cookie, int timestamp, InetSocketAddress from) {
        return hs.answer(
                        5,
                        0,
                        HandshakeExtensionType.SRT_MAGIC,
                        HandshakeType.INDUCTION,
                        hs.socketId(),
                        cookie,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        timestamp,
                        hs.socketId())
                .withPeerIp(PeerAddressField.encode(from.getAddress()));
    }

    /** Our conclusion: HSRSP with the agreed latencies, the caller's KM echoed when {@code encrypted}. */
    public static HandshakePacket conclusion(
            HandshakePacket hs,
            int socketId,
            int receiveLatency,
            int peerLatency,
            boolean encrypted,
            int timestamp,
            InetSocketAddress peer) {
        // PERIODIC_NAK is not announced although we do send periodic NAKs: a libsrt sender told the receiver NAKs
        // periodically turns off its ACK-timeout retransmission (FASTREXMIT), and that is the only thing that
        // repairs a lost tail (the last packets before the sender goes quiet), which no NAK can report.
        int flags =
                SrtFlags.TSBPD_SND | SrtFlags.TSBPD_RCV | SrtFlags.CRYPT | SrtFlags.TLPKTDROP | SrtFlags.REXMIT_FLAG;
        int extension = HandshakeExtensionType.FLAG_HSREQ | (encrypted ? HandshakeExtensionType.FLAG_KMREQ : 0);
        return hs.answer(
                        5,
                        hs.encryptionField(),
                        extension,
                        HandshakeType.CONCLUSION,
                        socketId,
                        0,
                        Optional.of(new HsExtension(SRT_VERSION, flags, receiveLatency, peerLatency)),
                        encrypted ? hs.keyMaterial() : Optional.empty(),
                        Optional.empty(),
                        timestamp,
                        hs.socketId())
                .withPeerIp(PeerAddressField.encode(peer.getAddress()));
    }

    public static HandshakePacket rejection(HandshakePacket hs, RejectReason reason, int timestamp) {
        return hs.answer(
                hs.version(),
                0,
                0,
                reason.wireValue(),
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                timestamp,
                hs.socketId());
    }

    /** Why a conclusion cannot be taken at all (before asking anyone), if it cannot. */
    public static Optional<RejectReason> violation(HandshakePacket hs) {
        if (hs.version() != 5) {
            return Optional.of(RejectReason.VERSION);
        }
        if (hs.hs().isEmpty() || hs.hsResponse()) {
            return Optional.of(RejectReason.ROGUE);
        }
        HsExtension ext = hs.hs().get();
        if (ext.has(SrtFlags.STREAM)) {
            return Optional.of(RejectReason.MESSAGEAPI); // file/stream mode: we only do live
        }
        if (!ext.has(SrtFlags.TSBPD_SND)) {
            return Optional.of(RejectReason.ROGUE); // live mode needs the sender's timestamps
        }
        if (hs.congestion().isPresent() && !hs.congestion().get().equals("live")) {
            return Optional.of(RejectReason.CONGESTION);
        }
        if (hs.mtu() < MIN_MTU || hs.mtu() > MAX_MTU) {
            return Optional.of(RejectReason.ROGUE);
        }
        return Optional.empty();
    }
}
