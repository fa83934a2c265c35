package org.millrace.transcoder.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.Storage;
import org.millrace.hls.LiveUris;
import org.millrace.hls.MediaPlaylist;
import org.millrace.hls.PlaylistTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends live sessions' playlists once a session is over (its reconnect grace ran out, or it was revoked): after the
 * last publisher's segments reached storage, every rendition's playlist gets EXT-X-ENDLIST (the recorder's cue that
 * the session is complete in storage) and the listener hears of it (held LL-HLS requests are answered); the parts
 * still in storage are deleted {@code partsKept} later (RFC 8216bis 6.2.2: three target durations). One thread for
 * every session of the process, so a session costs no thread of its own here.
 */
final class SessionEnds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEnds.class);

    private final Storage storage;
    private final LivePlaylistListener listener;
    private final int partSegments;
    private final Duration partsKept;
    private final Duration target;
    private final Duration window;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "millrace-live-session-ends");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param partSegments how many segments a tail lists parts for (what the listener is told)
     * @param partsKept    how long parts stay in storage after the session ended
     * @param target       the playlists' target duration and {@code window} their DVR window (to read them back)
     */
    SessionEnds(
            Storage storage,
            LivePlaylistListener listener,
            int partSegments,
            Duration partsKept,
            Duration target,
            Duration window) {
        this.target = target;
        this.window = window;
        this.storage = storage;
        this.listener = listener;
        this.partSegments = partSegments;
        this.partsKept = partsKept;
    }

    /** Ends the playlists this process wrote for the session once its last epoch stored everything; at once. */
    CompletableFuture<Void> end(LiveSessionInfo info, String prefix, SessionPlaylists playlists) {
        return playlists
                .lastEpochStored()
                .handle((ok, failure) -> null)
                .thenRunAsync(() -> endNow(info, prefix, playlists), thread);
    }

    /**
     * Ends a session this process does not remember (another ingest node's, or from before a restart): its stored
     * playlists that are not ended get EXT-X-ENDLIST. Parts, not listed in storage, are left alone.
     */
    CompletableFuture<Void> endStored(LiveSessionInfo info, String prefix) {
        return CompletableFuture.runAsync(
                () -> {
                    for (Map.Entry<String, MediaPlaylist> e : StoredPlaylists.read(storage, prefix, target, window)
                            .entrySet()) {
                        endStored(info, prefix, e.getKey(), e.getValue());
                    }
                },
                thread);
    }

    private void endStored(LiveSessionInfo info, String prefix, String rendition, MediaPlaylist p) {
        if (p.isEmpty() || p.isEnded()) {
            return;
        }
        p.end();
        if (put(prefix + rendition + "/index.m3u8", p.render())) {
            tell(info, rendition, p.tail(partSegments));
        }
    }

    private void endNow(LiveSessionInfo info, String prefix, SessionPlaylists playlists) {
        SessionPlaylists.Ending ending = playlists.end();
        // Another ingest node may have gone on with the session after this one's publisher left (the publisher came
        // back through it): its playlist in storage is then ahead of this one's, and is the one to end.
        Map<String, MediaPlaylist> stored = StoredPlaylists.read(storage, prefix, target, window);
        for (Map.Entry<String, String> e : ending.playlists().entrySet()) {
            MediaPlaylist newer = stored.get(e.getKey());
            if (newer != null && newer.nextSequence() > playlists.nextSequence(e.getKey())) {
                endStored(info, prefix, e.getKey(), newer);
            } else if (put(prefix + e.getKey() + "/index.m3u8", e.getValue())) {
                tell(info, e.getKey(), playlists.tail(e.getKey(), partSegments));
            }
        }
        if (!ending.parts().isEmpty()) {
            thread.schedule(() -> deleteParts(prefix, ending.parts()), partsKept.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "{}: session over; {} playlist(s) ended",
                prefix,
                ending.playlists().size());
    }

    private boolean put(String key, String text) {
        try {
            storage.put(key, text.getBytes(StandardCharsets.UTF_8), null);
            return true;
        } catch (RuntimeException e) {
            // The recorder then waits for an end that does not come, and builds from what storage holds after its
            // upload wait: nothing is lost but time.
            LOG.warn("{}: could not end the playlist ({})", key, e.toString());
            return false;
        }
    }

    private void tell(LiveSessionInfo info, String rendition, PlaylistTail tail) {
        if (tail == null) {
            return;
        }
        try {
            listener.playlistChanged(info, rendition, tail);
        } catch (RuntimeException e) {
            LOG.warn("stream {}: playlist listener failed: {}", info.streamId(), e.toString());
        }
    }

    private void deleteParts(String prefix, Map<String, List<long[]>> parts) {
        for (Map.Entry<String, List<long[]>> e : parts.entrySet()) {
            for (long[] segment : e.getValue()) {
                for (int i = 0; i < segment[1]; i++) {
                    try {
                        storage.delete(prefix + e.getKey() + "/" + LiveUris.part(segment[0], i));
                    } catch (RuntimeException failure) {
                        LOG.debug("could not delete a part under {}: {}", prefix, failure.toString());
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
