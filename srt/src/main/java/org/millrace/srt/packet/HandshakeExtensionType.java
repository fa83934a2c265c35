package org.millrace.srt.packet;

/** Extension block types inside a v5 handshake, and the extension-field flags announcing them. */
public final class HandshakeExtensionType {
    public static final int HSREQ = 1;
    public static final int HSRSP = 2;
    public static final int KMREQ = 3;
    public static final int KMRSP = 4;
    public static final int SID = 5;
    public static final int CONGESTION = 6;
    public static final int FILTER = 7;
    public static final int GROUP = 8;

    /** Extension-field flags of a CONCLUSION. */
    public static final int FLAG_HSREQ = 0x1;

    public static final int FLAG_KMREQ = 0x2;
    public static final int FLAG_CONFIG = 0x4;

    /** Sent by a v5 listener in the INDUCTION response's extension field. */
    public static final int SRT_MAGIC = 0x4A17;

    private HandshakeExtensionType() {}
}
