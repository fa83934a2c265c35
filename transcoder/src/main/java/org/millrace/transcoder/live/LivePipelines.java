package org.millrace.transcoder.live;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveRenditionsListener;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Starts a pipeline per publisher and remembers the playlists of recent sessions, so a resumed session continues
 * them (a bounded memory). A resumed session it does not remember (a restart, or a publisher that reconnected to this
 * ingest node after its own died) reads them back from storage first ({@link StoredPlaylists}). A publisher leaving
 * does not end the playlists: {@link #sessionEnded} does, when the session is over ({@link SessionEnds}).
 */
public final class LivePipelines {
    private static final int REMEMBERED_SESSIONS = 256;

    private final TranscoderSettings settings;
    private final Storage storage;
    private final MeterRegistry registry;
    private final LiveRenditionsListener renditions;
    private final LivePlaylistListener playlistListener;
    private final UploadSpool spool;
    private final SessionEnds ends;
    private final Map<String, SessionPlaylists> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionPlaylists> eldest) {
            return size() > REMEMBERED_SESSIONS;
        }
    };

    public LivePipelines(
            TranscoderSettings settings,
            Storage storage,
            MeterRegistry registry,
            LiveRenditionsListener renditions,
            LivePlaylistListener playlistListener) {
        this.settings = settings;
        this.storage = storage;
        this.registry = registry;
        this.renditions = renditions;
        this.playlistListener = playlistListener;
        this.spool = new UploadSpool(settings.spool(), registry);
        this.ends = new SessionEnds(
                storage,
                playlistListener,
                settings.liveHls().partSegments(),
                settings.segmentDuration().multipliedBy(3),
                settings.segmentDuration(),
                settings.dvrWindow());
        // FFmpeg's log is process-wide by nature: its per-segment "Opening ..." and encoder summaries would flood the
        // log, and so would a damaged stream's per-packet complaints; warnings and errors still matter, within a
        // budget.
        FfmpegLog.install();
    }

    /** Called on the ingest's thread for the publisher: starts the pipeline thread and answers its sink. */
    public LiveSink open(LiveSessionInfo info) {
        // A restart after the media changed continues the same playlists, as a resumed session does.
        LiveSessionInfo resumed = new LiveSessionInfo(
                info.streamId(),
                info.sessionId(),
                true,
                info.sessionStartedAt(),
                info.publisher(),
                info.latencyMillis(),
                info.encrypted());
        return new TranscoderSink(start(info), () -> start(resumed), info.streamId(), Clock.systemUTC());
    }

    private TranscoderSink.Run start(LiveSessionInfo info) {
        SessionPlaylists playlists = playlistsFor(info);
        CompletableFuture<Void> encoded = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        SessionPlaylists.Epoch epoch = playlists.startEpoch(encoded, done);
        ChunkInputStream input = new ChunkInputStream(settings.inputBufferChunks(), 200);
        PipelineMetrics metrics = new PipelineMetrics(registry, info.streamId());
        metrics.queueDepth(input::depth);
        Thread thread = new Thread(
                new LivePipeline(
                        info,
                        settings,
                        storage,
                        spool,
                        playlists,
                        epoch,
                        input,
                        metrics,
                        encoded,
                        done,
                        renditions,
                        playlistListener),
                "millrace-transcoder-" + info.streamId() + "-" + epoch.number());
        thread.setDaemon(true);
        thread.start();
        return new TranscoderSink.Run(input, metrics, done);
    }

    /**
     * The session is over (its grace ran out, or it was revoked): its playlists end once its last publisher's
     * segments are stored. A session this process does not remember has its stored playlists ended (a no-op when
     * the node that wrote them ended them already). Never blocks: the work runs on {@link SessionEnds}' thread.
     */
    public CompletableFuture<Void> sessionEnded(String streamId, String sessionId) {
        SessionPlaylists playlists;
        synchronized (sessions) {
            playlists = sessions.remove(streamId + "/" + sessionId);
        }
        LiveSessionInfo info = new LiveSessionInfo(streamId, sessionId, true, null, null, 0, false);
        String prefix = StorageLayout.liveSession(streamId, sessionId);
        return playlists != null ? ends.end(info, prefix, playlists) : ends.endStored(info, prefix);
    }

    private SessionPlaylists playlistsFor(LiveSessionInfo info) {
        String key = info.streamId() + "/" + info.sessionId();
        synchronized (sessions) {
            SessionPlaylists existing = sessions.get(key);
            if (existing != null && info.resumed()) {
                return existing;
            }
            // LL-HLS: complete segments keep their parts in the tails the gateway serves (storage gets the classic
            // text).
            SessionPlaylists fresh =
                    new SessionPlaylists(settings.segmentDuration(), settings.dvrWindow(), settings.lowLatency());
            sessions.put(key, fresh);
            return fresh;
        }
    }
}
