package org.millrace.srt.handshake;

/**
 * Why a connection is refused. System reasons are libsrt's {@code SRT_REJ_*} codes; application reasons use the
 * predefined range (1000 + an HTTP-like status). On the wire the handshake type is {@code 1000 + code}.
 */
public enum RejectReason {
    UNKNOWN(0),
    SYSTEM(1),
    PEER(2),
    RESOURCE(3),
    ROGUE(4),
    BACKLOG(5),
    IPE(6),
    CLOSE(7),
    VERSION(8),
    RDVCOOKIE(9),
    BADSECRET(10),
    UNSECURE(11),
    MESSAGEAPI(12),
    CONGESTION(13),
    FILTER(14),
    GROUP(15),
    TIMEOUT(16),
    CRYPTO(17),
    /** Too much from this caller's address (connections or handshakes): libsrt's SRT_REJX_OVERLOAD. */
    OVERLOAD(1402),
    /** The stream id names something we refuse to serve (e.g. it is already being published). */
    FORBIDDEN(1403),
    /** The stream id names nothing we know (an unknown stream key). */
    NOT_FOUND(1404),
    /** The stream id is not in a form we understand. */
    BAD_REQUEST(1400),
    /** The resource is busy (e.g. someone already publishes to this stream). */
    CONFLICT(1409),
    /** The server cannot take the connection now. */
    UNAVAILABLE(1503);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The handshake type value that carries this rejection. */
    public int wireValue() {
        return 1000 + code;
    }

    public static RejectReason ofWireValue(int handshakeType) {
        for (RejectReason r : values()) {
            if (r.wireValue() == handshakeType) {
                return r;
            }
        }
        return UNKNOWN;
    }
}
