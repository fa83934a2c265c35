package org.millrace.recorder.vodimport;

import org.millrace.core.bus.VideoImportBody;
import org.millrace.recorder.RecordingRow;
import org.millrace.recorder.media.RecordingMedia;

/** The import body of the shared contract, from a recording and the media its builder made. */
public final class VodImportBody {
    private VodImportBody() {}

    public static VideoImportBody of(RecordingRow recording, RecordingMedia media) {
        return new VideoImportBody(
                recording.id(),
                recording.streamId(),
                recording.sessionId(),
                recording.ownerId(),
                recording.ownerUsername(),
                recording.title(),
                recording.description(),
                recording.visibility(),
                java.util.List.of(),
                recording.sessionStartedAt(),
                media.durationSeconds(),
                media.width(),
                media.height(),
                media.mp4Key(),
                media.mp4Bytes(),
                media.posterKey(),
                media.thumbnailsPrefix(),
                media.thumbnails().stream()
                        .map(t -> new VideoImportBody.Thumbnail(t.timeSeconds(), t.key()))
                        .toList(),
                media.hlsPrefix(),
                media.hlsMaster());
    }
}
