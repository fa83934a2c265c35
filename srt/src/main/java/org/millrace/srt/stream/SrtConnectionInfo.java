package org.millrace.srt.stream;

import java.net.InetSocketAddress;
import org.millrace.srt.receiver.ReceiverStatistics;

/** What the application may know and do about an accepted connection. */
public interface SrtConnectionInfo {
    int socketId();

    InetSocketAddress peer();

    String streamId();

    /** The agreed receive latency (TSBPD delay). */
    int latencyMillis();

    boolean encrypted();

    /** The caller's libsrt version, e.g. "1.5.4". */
    String peerVersion();

    /** A consistent snapshot of the counters (safe from any thread). */
    ReceiverStatistics statistics();

    /** Ends the connection: SHUTDOWN to the caller, then {@code onClose(LOCAL_CLOSE)}. Safe from any thread. */
    void close();
}
