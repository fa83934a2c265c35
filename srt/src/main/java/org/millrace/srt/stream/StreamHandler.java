package org.millrace.srt.stream;

import io.netty.buffer.ByteBuf;

/**
 * Receives one connection's stream: payloads in sequence order at their play time, then one close. Called on the
 * listener's event loop: it must not block. The payload is only valid during the call (retain it to keep it).
 */
public interface StreamHandler {
    void onOpen(SrtConnectionInfo connection);

    void onData(ByteBuf payload);

    void onClose(CloseReason reason);
}
