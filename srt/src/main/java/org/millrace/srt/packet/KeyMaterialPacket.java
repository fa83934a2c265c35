package org.millrace.srt.packet;

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
}
