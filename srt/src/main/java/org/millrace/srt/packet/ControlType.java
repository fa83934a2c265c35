package org.millrace.srt.packet;

/** The control packet types of the SRT spec, with their 15-bit wire values. */
public enum ControlType {
    HANDSHAKE(0x0000),
    KEEPALIVE(0x0001),
    ACK(0x0002),
    NAK(0x0003),
    CONGESTION_WARNING(0x0004),
    SHUTDOWN(0x0005),
    ACKACK(0x0006),
    DROPREQ(0x0007),
    PEERERROR(0x0008),
    USER_DEFINED(0x7FFF);

    private final int value;

    ControlType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type for a wire value, or null when unknown. */
    public static ControlType ofValue(int value) {
        for (ControlType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
