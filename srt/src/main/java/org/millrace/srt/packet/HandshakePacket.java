package org.millrace.srt.packet;

import java.util.Arrays;
import java.util.Optional;

/**
 * A handshake control packet: the 48-byte handshake body and, in v5 conclusions, the extension blocks (HSREQ or
 * HSRSP, KMREQ or KMRSP as raw key-material bytes, stream id, congestion controller name).
 *
 * @param encryptionField 0, or the AES key size code (2, 3, 4 for 128, 192, 256 bits)
 * @param handshakeType   see {@link HandshakeType}
 * @param peerIp          the 16-byte peer address field as sent (not trusted for anything)
 * @param hsResponse      whether {@code hs} is an HSRSP (ours) rather than an HSREQ
 * @param keyMaterial     raw KM message (or 4-byte KM error) of a KMREQ/KMRSP block
 */
public record HandshakePacket(
        int version,
        int encryptionField,
        int extensionField,
        int initialSequenceNumber,
        int mtu,
        int flowWindow,
        int handshakeType,
        int socketId,
        int synCookie,
        byte[] peerIp,
        Optional<HsExtension> hs,
        boolean hsResponse,
        Optional<byte[]> keyMaterial,
        boolean kmResponse,
        Optional<String> streamId,
        Optional<String> congestion,
        int timestamp,
        int destinationSocketId)
        implements ControlPacket {

    public HandshakePacket {
        peerIp = peerIp == null ? new byte[16] : Arrays.copyOf(peerIp, 16);
        keyMaterial = keyMaterial.map(byte[]::clone);
    }

    public boolean isInduction() {
        return handshakeType == HandshakeType.INDUCTION;
    }

    public boolean isConclusion() {
        return handshakeType == HandshakeType.CONCLUSION;
    }

    /** A copy with a different type and the given extensions (for building answers). */
    public HandshakePacket answer(
            int version,
            int encryptionField,
            int extensionField,
            int type,
            int socketId,
            int cookie,
            Optional<HsExtension> hs,
            Optional<byte[]> km,
            Optional<String> sid,
            int timestamp,
            int destinationSocketId) {
        return new HandshakePacket(
                version,
                encryptionField,
                extensionField,
                initialSequenceNumber,
                mtu,
                flowWindow,
                type,
                socketId,
                cookie,
                peerIp,
                hs,
                true,
                km,
                true,
                sid,
                Optional.empty(),
                timestamp,
                destinationSocketId);
    }

    public HandshakePacket withPeerIp(byte[] field) {
        return new HandshakePacket(
                version,
                encryptionField,
                extensionField,
                initialSequenceNumber,
                mtu,
                flowWindow,
                handshakeType,
                socketId,
                synCookie,
                field,
                hs,
                hsResponse,
                keyMaterial,
                kmResponse,
                streamId,
                congestion,
                timestamp,
                destinationSocketId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakePacket h
                && version == h.version
                && encryptionField == h.encryptionField
                && extensionField == h.extensionField
                && initialSequenceNumber == h.initialSequenceNumber
                && mtu == h.mtu
                && flowWindow == h.flowWindow
                && handshakeType == h.handshakeType
                && socketId == h.socketId
                && synCookie == h.synCookie
                && Arrays.equals(peerIp, h.peerIp)
                && hs.equals(h.hs)
                && hsResponse == h.hsResponse
                && kmResponse == h.kmResponse
                && keyMaterial.isPresent() == h.keyMaterial.isPresent()
                && (keyMaterial.isEmpty() || Arrays.equals(keyMaterial.get(), h.keyMaterial.get()))
                && streamId.equals(h.streamId)
                && congestion.equals(h.congestion)
                && timestamp == h.timestamp
                && destinationSocketId == h.destinationSocketId;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {version, handshakeType, socketId, synCookie, timestamp, destinationSocketId});
    }

    @Override
    public String toString() {
        return "Handshake[v" + version + ", type=" + Integer.toHexString(handshakeType) + ", socket="
                + Integer.toHexString(socketId) + ", cookie=" + Integer.toHexString(synCookie) + ", ext="
                + Integer.toHexString(extensionField) + ", enc=" + encryptionField + ", hs=" + hs.orElse(null)
                + ", km=" + keyMaterial.map(k -> k.length + " bytes").orElse("none") + ", sid="
                + streamId.map(s -> s.length() + " chars").orElse("none") + "]";
    }
}
