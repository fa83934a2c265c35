package org.millrace.recorder.media;

/**
 * Turns one ended live session, as far as it reached storage, into VOD media without re-encoding. Blocking (run it
 * on a worker thread) and idempotent: building the same recording again overwrites the same keys.
 */
public interface RecordingBuilder {

    /**
     * Builds while {@code claim} holds: it is asked before each write to storage.
     *
     * @throws NothingCapturedException when no segment of the session reached storage
     * @throws ClaimLostException       when the claim was lost; nothing is written after that
     */
    RecordingMedia build(String streamId, String sessionId, String recordingId, ClaimCheck claim);

    /** A build nobody else can take over (tools, benchmarks). */
    default RecordingMedia build(String streamId, String sessionId, String recordingId) {
        return build(streamId, sessionId, recordingId, ClaimCheck.NONE);
    }

    /**
     * Whether the session's transcoder may still be uploading (storage was down): its live playlists are not all
     * ended. A storage failure propagates. Blocking.
     */
    default boolean uploadsPending(String streamId, String sessionId) {
        return false;
    }
}
