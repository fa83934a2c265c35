package org.millrace.transcoder;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.millrace.core.media.LiveInput;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveRenditionsListener;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.Storage;
import org.millrace.transcoder.live.LivePipelines;

/**
 * The transcoder as the ingest sees it: each publisher's MPEG-TS goes to its own pipeline (ladder → LL-HLS in
 * storage under {@code live/<streamId>/<sessionId>/}); a resumed session continues the same playlists. Told: who
 * learns that a session's renditions are playable, and who learns of every part and segment listed.
 */
public final class TranscoderLiveInput implements LiveInput {
    private final LivePipelines pipelines;

    public TranscoderLiveInput(TranscoderSettings settings, Storage storage, MeterRegistry registry) {
        this(settings, storage, registry, LiveRenditionsListener.none());
    }

    public TranscoderLiveInput(
            TranscoderSettings settings, Storage storage, MeterRegistry registry, LiveRenditionsListener renditions) {
        this(settings, storage, registry, renditions, LivePlaylistListener.none());
    }

    /** @param playlists told of every change to a rendition's playlist once it is in storage (LL-HLS servers) */
    public TranscoderLiveInput(
            TranscoderSettings settings,
            Storage storage,
            MeterRegistry registry,
            LiveRenditionsListener renditions,
            LivePlaylistListener playlists) {
        this.pipelines = new LivePipelines(settings, storage, registry, renditions, playlists);
    }

    @Override
    public LiveSink open(LiveSessionInfo session) {
        return pipelines.open(session);
    }

    /** The session is over: its playlists end (EXT-X-ENDLIST) once its last segments are stored. */
    @Override
    public void sessionEnded(String streamId, String sessionId) {
        endSession(streamId, sessionId);
    }

    /** As {@link #sessionEnded}; completes once the playlists are ended in storage. */
    public CompletableFuture<Void> endSession(String streamId, String sessionId) {
        return pipelines.sessionEnded(streamId, sessionId);
    }
}
