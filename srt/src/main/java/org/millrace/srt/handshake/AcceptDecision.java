package org.millrace.srt.handshake;

import java.util.Objects;
import org.millrace.srt.stream.StreamHandler;

/**
 * The accept callback's answer: accept (requiring the given passphrase, or none) and deliver the stream to a
 * handler, or reject with a reason the caller will see.
 */
public final class AcceptDecision {
    private final RejectReason rejection;
    private final String passphrase;
    private final StreamHandler handler;

    private AcceptDecision(RejectReason rejection, String passphrase, StreamHandler handler) {
        this.rejection = rejection;
        this.passphrase = passphrase;
        this.handler = handler;
    }

    /** Accept; {@code passphrase} null means the caller must not encrypt. */
    public static AcceptDecision accept(String passphrase, StreamHandler handler) {
        if (passphrase != null && (passphrase.length() < 10 || passphrase.length() > 79)) {
            throw new IllegalArgumentException("an SRT passphrase has 10 to 79 characters");
        }
        return new AcceptDecision(null, passphrase, Objects.requireNonNull(handler, "handler"));
    }

    public static AcceptDecision reject(RejectReason reason) {
        return new AcceptDecision(Objects.requireNonNull(reason, "reason"), null, null);
    }

    public boolean accepted() {
        return rejection == null;
    }

    public RejectReason rejection() {
        return rejection;
    }

    public String passphrase() {
        return passphrase;
    }

    public StreamHandler handler() {
        return handler;
    }

    @Override
    public String toString() {
        return accepted() ? "accept" + (passphrase != null ? " (encrypted)" : "") : "reject " + rejection;
    }
}
