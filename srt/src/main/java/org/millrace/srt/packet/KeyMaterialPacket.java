package org.millrace.srt.packet;

import java.util.Arrays;

/**
 * A key material request or response sent in-band (user-defined control type, subtype 3 or 4), used to announce
 * re-keying. The message is the raw KM bytes; {@link org.millrace.srt.crypto.KeyMaterial} decodes it.
 */
public record KeyMaterialPacket(boolean response, byte[] message, int timestamp, int destinationSocketId)
        implements ControlPacket {
    public static final int SUBTYPE_KMREQ = 3;
    public static final int SUBTYPE_KMRSP = 4;

    public KeyMaterialPacket {
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    // A record compares arrays by identity; two packets with the same bytes are the same packet.
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMaterialPacket k
                && response == k.response
                && Arrays.equals(message, k.message)
                && timestamp == k.timestamp
                && destinationSocketId == k.destinationSocketId;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(message) + (response ? 1 : 0) + 7 * timestamp + 13 * destinationSocketId;
    }

    @Override
    public String toString() {
        return "KeyMaterialPacket[" + (response ? "KMRSP" : "KMREQ") + ", " + message.length + " bytes, ts="
                + Integer.toUnsignedString(timestamp) + ", dest=" + Integer.toHexString(destinationSocketId) + "]";
    }
}
