package org.millrace.srt.packet;

/** Capability flags of the HSREQ/HSRSP extension. */
public final class SrtFlags {
    public static final int TSBPD_SND = 0x01;
    public static final int TSBPD_RCV = 0x02;
    public static final int CRYPT = 0x04;
    public static final int TLPKTDROP = 0x08;
    public static final int PERIODIC_NAK = 0x10;
    public static final int REXMIT_FLAG = 0x20;
    public static final int STREAM = 0x40;
    public static final int PACKET_FILTER = 0x80;

    private SrtFlags() {}
}
