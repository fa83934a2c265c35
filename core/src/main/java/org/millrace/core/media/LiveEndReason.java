package org.millrace.core.media;

/** Why a publisher's byte stream ended. */
public enum LiveEndReason {
    /** The publisher closed its connection. */
    PUBLISHER_CLOSED,
    /** Nothing arrived from the publisher for too long. */
    PUBLISHER_IDLE,
    /** The server ended it: stopping, the stream was deleted or refused, or the sink failed. */
    SERVER_CLOSED
}
