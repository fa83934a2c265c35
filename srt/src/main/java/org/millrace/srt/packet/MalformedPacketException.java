package org.millrace.srt.packet;

/** A datagram is not a valid SRT packet; the listener drops and counts it. */
public final class MalformedPacketException extends Exception {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
