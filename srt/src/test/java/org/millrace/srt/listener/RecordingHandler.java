package org.millrace.srt.listener;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.srt.stream.StreamHandler;

/** Test handler: keeps every delivered byte and completes when the connection closes. */
final class RecordingHandler implements StreamHandler {
    final CompletableFuture<SrtConnectionInfo> opened = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onOpen(SrtConnectionInfo connection) {
        opened.complete(connection);
    }

    @Override
    public void onData(ByteBuf payload) {
        byte[] chunk = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), chunk);
        synchronized (bytes) {
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onClose(CloseReason reason) {
        closed.complete(reason);
    }

    byte[] received() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }
}
