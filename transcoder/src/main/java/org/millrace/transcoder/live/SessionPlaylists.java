package org.millrace.transcoder.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LowLatency;
import org.millrace.hls.MediaPlaylist;
import org.millrace.hls.PlaylistTail;

/**
 * The playlists of one live session across its publishers: a resumed publisher (a new epoch) continues the same
 * playlists after a discontinuity, with sequence numbers following the highest any rendition reached, so renditions
 * stay aligned. With low latency each rendition's playlist
 * also lists the parts of its segment being written. Guarded by its own monitor: an epoch's uploader and the next epoch's start may overlap briefly.
 */
final class SessionPlaylists {
    private final Duration target;
    private final Duration window;
    private final LowLatency lowLatency;
    private final Map<String, MediaPlaylist> playlists = new HashMap<>();
    private int epochs;
    private long nextSequence;
    private CompletableFuture<Void> lastEpochEncoded = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> lastEpochStored = CompletableFuture.completedFuture(null);

    SessionPlaylists(Duration target, Duration window) {
        this(target, window, null);
    }

    /** @param lowLatency how the playlists do LL-HLS; null: classic playlists only */
    SessionPlaylists(Duration target, Duration window, LowLatency lowLatency) {
        this.target = target;
        this.window = window;
        this.lowLatency = lowLatency;
    }

    /**
     * Starts an epoch; answers its number, a provisional first sequence and the previous epoch's two milestones:
     * {@code encoded} (its last segments numbered) and {@code stored} (its uploads done, playlists ended).
     */
    synchronized Epoch startEpoch(CompletableFuture<Void> encoded, CompletableFuture<Void> stored) {
        Epoch epoch = new Epoch(epochs++, nextSequence, lastEpochEncoded, lastEpochStored);
        lastEpochEncoded = encoded;
        lastEpochStored = stored;
        for (MediaPlaylist p : playlists.values()) {
            nextSequence = Math.max(nextSequence, p.nextSequence());
        }
        return new Epoch(epoch.number(), nextSequence, epoch.previousEncoded(), epoch.previousStored());
    }

    /**
     * Fixes the epoch's first sequence once the previous epoch is encoded (its last segments may have been numbered
     * after this epoch was opened) and after {@code storedHighest}, the highest sequence already in storage
     * (-1 when unknown or none).
     */
    synchronized Epoch settle(Epoch epoch, long storedHighest) {
        for (MediaPlaylist p : playlists.values()) {
            nextSequence = Math.max(nextSequence, p.nextSequence());
        }
        nextSequence = Math.max(Math.max(nextSequence, storedHighest + 1), epoch.firstSequence());
        return new Epoch(epoch.number(), nextSequence, epoch.previousEncoded(), epoch.previousStored());
    }

    /**
     * Takes over the playlists another process wrote for this session ({@link StoredPlaylists}), before anything
     * is listed here: the first segment of each continues them after a discontinuity. Answers how many.
     */
    synchronized int restore(Map<String, MediaPlaylist> stored) {
        if (!playlists.isEmpty()) {
            return 0; // this process listed segments already: its own playlists are newer
        }
        playlists.putAll(stored);
        for (MediaPlaylist p : playlists.values()) {
            nextSequence = Math.max(nextSequence, p.nextSequence());
        }
        return stored.size();
    }

    /** Reserves sequence numbers up to {@code sequence} so the next epoch starts after them. */
    synchronized void reserve(long sequence) {
        nextSequence = Math.max(nextSequence, sequence + 1);
    }

    /** Starts the rendition's segment being written (its parts follow). */
    synchronized void open(String rendition, long sequence, Instant programDateTime, String mapUri,
                           boolean discontinuity) {
        playlist(rendition).open(sequence, programDateTime, mapUri, discontinuity);
    }

    /** Lists a part of the rendition's segment being written. */
    synchronized void addPart(String rendition, HlsPart part) {
        playlist(rendition).addPart(part);
    }

    /** Lists a segment (the open one's parts become its parts) and answers the classic playlist text to publish. */
    synchronized String add(String rendition, HlsSegment segment) {
        MediaPlaylist p = playlist(rendition);
        p.add(segment);
        return p.render();
    }

    /** The live edge of the rendition's playlist: its last {@code segments} complete segments and the open one. */
    synchronized PlaylistTail tail(String rendition, int segments) {
        MediaPlaylist p = playlists.get(rendition);
        return p == null ? null : p.tail(segments);
    }

    private MediaPlaylist playlist(String rendition) {
        return playlists.computeIfAbsent(rendition, r -> new MediaPlaylist(target, window, lowLatency));
    }

    /** Ends the rendition's playlist (EXT-X-ENDLIST) and answers its text, or null when it lists nothing. */
    synchronized String end(String rendition) {
        MediaPlaylist p = playlists.get(rendition);
        if (p == null || p.isEmpty()) {
            return null;
        }
        p.end();
        return p.render();
    }

    /** Whether the rendition already lists a segment (a first segment of an epoch then follows a discontinuity). */
    synchronized boolean lists(String rendition) {
        MediaPlaylist p = playlists.get(rendition);
        return p != null && !p.isEmpty();
    }

    /**
     * One publisher's part of the session. Its numbering waits for the previous epoch's {@code previousEncoded};
     * its listing (its uploader) for {@code previousStored}, which storage being down may hold up for long.
     */
    record Epoch(int number, long firstSequence, CompletableFuture<Void> previousEncoded,
                 CompletableFuture<Void> previousStored) {
    }
}
