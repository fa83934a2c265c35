package org.millrace.srt.packet;

/** Handshake type values; values of 1000 and above are rejections (1000 + reason). */
public final class HandshakeType {
    public static final int DONE = 0xFFFF_FFFD;
    public static final int AGREEMENT = 0xFFFF_FFFE;
    public static final int CONCLUSION = 0xFFFF_FFFF;
    public static final int WAVEAHAND = 0;
    public static final int INDUCTION = 1;
    /** Rejections are sent as this plus the reason code. */
    public static final int FAILURE_BASE = 1000;

    private HandshakeType() {}

    public static boolean isRejection(int type) {
        return type >= FAILURE_BASE;
    }
}
