package org.millrace.srt.listener;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.handshake.SrtAcceptor;

/** Test fixture: a listener on an ephemeral loopback port, closed after each test. */
final class TestListener implements AfterEachCallback {
    private SrtListener listener;

    SrtListener bind(SrtAcceptor acceptor) throws InterruptedException {
        return bind(SrtListenerConfig.defaults("127.0.0.1", 0), acceptor);
    }

    SrtListener bind(SrtListenerConfig config, SrtAcceptor acceptor) throws InterruptedException {
        listener = SrtListener.bind(config, acceptor);
        return listener;
    }

    /** Accepts only {@code streamId} (requiring {@code passphrase}, or none), refusing others as NOT_FOUND. */
    RecordingHandler acceptOnly(String streamId, String passphrase) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        bind(request -> CompletableFuture.completedFuture(
                request.streamId().equals(streamId)
                        ? AcceptDecision.accept(passphrase, handler)
                        : AcceptDecision.reject(RejectReason.NOT_FOUND)));
        return handler;
    }

    SrtListener get() {
        return listener;
    }

    /** {@code srt://127.0.0.1:<port>?<query>}. */
    String url(String query) {
        return "srt://127.0.0.1:" + listener.localAddress().getPort() + "?" + query;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
