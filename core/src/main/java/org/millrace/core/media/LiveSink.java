package org.millrace.core.media;

/** One publisher's MPEG-TS bytes, in order (see {@link LiveInput} for the threading rules). */
public interface LiveSink {
    /** The next bytes of the transport stream; the array belongs to the sink from now on. */
    void write(byte[] chunk);

    /** The publisher is gone (the session itself may resume with a new sink within the reconnect grace). */
    void close(LiveEndReason reason);

    /** Frame rate and encoder speed as far as this sink measures them; may be called from any thread. */
    default LiveSinkStats stats() {
        return LiveSinkStats.UNKNOWN;
    }
}
