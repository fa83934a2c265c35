package org.millrace.srt.packet;

/**
 * The SRT handshake extension (HSREQ from a caller, HSRSP from us): the peer's SRT version, capability flags and
 * TSBPD latencies in milliseconds, the receiver's first.
 */
public record HsExtension(int srtVersion, int flags, int receiverDelayMs, int senderDelayMs) {
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** "1.5.4" from 0x010504. */
    public String versionString() {
        return ((srtVersion >>> 16) & 0xFF) + "." + ((srtVersion >>> 8) & 0xFF) + "." + (srtVersion & 0xFF);
    }
}
