package org.millrace.core.media;

/**
 * Where the SRT ingest hands each live publish: one {@link LiveSink} per connected publisher, fed the ordered
 * MPEG-TS byte stream. The transcoder implements it; {@link #discarding()} is the default until it does.
 *
 * <p>Threading: {@code open}, then every {@code write}, then {@code close} are called in order from one thread
 * owned by the ingest for that publisher (never an event loop), so an implementation may block briefly, e.g. to
 * write into a pipe. While it blocks, the ingest buffers a bounded amount and then drops bytes (and counts them).
 */
@FunctionalInterface
public interface LiveInput {
    /** A publisher of {@code session} is connected; its bytes go to the answer. */
    LiveSink open(LiveSessionInfo session);

    /**
     * The session is over (its reconnect grace ran out, or it was ended): no publisher will resume it, so its live
     * output may be finished (playlists ended). Called on an event loop for every session that ends, whichever node
     * held it: must not block. A publisher leaving alone does not end the session.
     */
    default void sessionEnded(String streamId, String sessionId) {}

    /** Throws everything away: the input of a server without a transcoder. */
    static LiveInput discarding() {
        return session -> new LiveSink() {
            @Override
            public void write(byte[] chunk) {}

            @Override
            public void close(LiveEndReason reason) {}
        };
    }
}
