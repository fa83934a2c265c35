package org.millrace.srt.listener;

import java.util.concurrent.CompletableFuture;

import org.millrace.srt.handshake.AcceptDecision;

/** Debugging aid: listens on the given port for the given seconds and prints what arrives. Not a test. */
public final class ManualListenerMain {
    public static void main(String[] args) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        String pass = args.length > 2 ? args[2] : null;
        try (SrtListener listener = SrtListener.bind(SrtListenerConfig.defaults("127.0.0.1", Integer.parseInt(args[0])),
                r -> CompletableFuture.completedFuture(AcceptDecision.accept(pass, handler)))) {
            Thread.sleep(Long.parseLong(args[1]) * 1000);
            java.nio.file.Files.write(java.nio.file.Path.of("/tmp/received.ts"), handler.received());
            System.out.println("received " + handler.received().length + " bytes; closed=" + handler.closed.getNow(null));
            ListenerCounters c = listener.counters();
            System.out.println("datagrams=" + c.datagrams() + " malformed=" + c.malformed() + " unknown="
                    + c.unknownSocket() + " wrongPeer=" + c.wrongPeer() + " errors=" + c.errors());
            if (handler.opened.isDone()) {
                System.out.println(handler.opened.get().statistics());
            }
        }
    }
}
