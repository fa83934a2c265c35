package org.millrace.server;

import org.millrace.recorder.media.RecordingBuilder;
import org.millrace.recorder.media.RecordingMedia;

/**
 * Placeholder until the recorder's media part (SessionRecordingBuilder) is merged: every build fails, so sessions
 * are tracked and retried, then marked failed with this reason. Replaced by one line in {@link AllInOneServer}.
 */
final class PendingRecordingBuilder implements RecordingBuilder {
    @Override
    public RecordingMedia build(String streamId, String sessionId, String recordingId) {
        throw new UnsupportedOperationException("media part not merged");
    }
}
