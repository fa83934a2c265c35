package org.millrace.srt.packet;

/** Which stream encrypting key a data packet is encrypted with (the KK bits); also the keys a KM message carries. */
public enum EncryptionKey {
    NONE(0b00),
    EVEN(0b01),
    ODD(0b10),
    BOTH(0b11);

    private final int bits;

    EncryptionKey(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    public static EncryptionKey ofBits(int bits) {
        return switch (bits & 0b11) {
            case 0b00 -> NONE;
            case 0b01 -> EVEN;
            case 0b10 -> ODD;
            default -> BOTH;
        };
    }
}
