package org.millrace.srt.stream;

/** Why a connection ended. */
public enum CloseReason {
    /** The caller sent SHUTDOWN. */
    PEER_CLOSED,
    /** Nothing arrived from the caller within the idle timeout. */
    PEER_IDLE_TIMEOUT,
    /** We closed it (server stopping, or the application asked). */
    LOCAL_CLOSE
}
