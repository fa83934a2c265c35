package org.millrace.srt.packet;

/** Where a data packet sits in its message (the PP bits). Live mode sends every packet as a whole message. */
public enum PacketPosition {
    MIDDLE(0b00),
    LAST(0b01),
    FIRST(0b10),
    SOLO(0b11);

    private final int bits;

    PacketPosition(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    public static PacketPosition ofBits(int bits) {
        return switch (bits & 0b11) {
            case 0b00 -> MIDDLE;
            case 0b01 -> LAST;
            case 0b10 -> FIRST;
            default -> SOLO;
        };
    }
}
