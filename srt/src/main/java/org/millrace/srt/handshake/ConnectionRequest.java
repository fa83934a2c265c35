package org.millrace.srt.handshake;

import java.net.InetSocketAddress;

/**
 * What the accept callback sees of a caller whose handshake is valid: its stream id, its address, whether it
 * brought key material (asked for encryption) and which libsrt version it runs.
 */
public record ConnectionRequest(
        String streamId, InetSocketAddress peer, boolean encrypted, int keyLengthBytes, String peerVersion) {
    /** The stream id may carry a secret (a stream key): never print it. */
    @Override
    public String toString() {
        return "ConnectionRequest[peer=" + peer + ", encrypted=" + encrypted + ", srt=" + peerVersion + ", streamId="
                + streamId.length() + " chars]";
    }
}
