package org.millrace.srt.handshake;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether to take a caller, possibly asynchronously (a database lookup): the listener answers the caller's
 * handshake when the stage completes. It should complete within the caller's connect timeout (3 s in libsrt).
 */
@FunctionalInterface
public interface SrtAcceptor {
    CompletionStage<AcceptDecision> decide(ConnectionRequest request);
}
