package org.millrace.transcoder.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LowLatency;
import org.millrace.hls.MediaPlaylist;
import org.millrace.hls.PlaylistTail;

/**
 * The playlists of one live session across its publishers: a resumed publisher (a new epoch) continues the same
 * playlists after a discontinuity. Each rendition's sequence numbers go on from its own last one (HLS numbers a
 * playlist's segments by position: a jump would shift every later segment's number for the client), also when the
 * session was resumed from storage by another process (after its own highest stored segment: renditions with longer
 * segments reach lower numbers, and a jump to another rendition's numbers would list every skipped one as a gap);
 * a rendition new to the session starts after the highest any rendition reached.
 * The playlists end (EXT-X-ENDLIST) only when the session ends, not when a publisher leaves: a viewer keeps playing
 * through a reconnect. Parts still in storage are handed from epoch to epoch and deleted after the end.
 * Guarded by its own monitor: an epoch's uploader and the next epoch's start may overlap briefly.
 */
final class SessionPlaylists {
    private final Duration target;
    private final Duration window;
    private final LowLatency lowLatency;
    private final Map<String, MediaPlaylist> playlists = new HashMap<>();
    /** Rendition → the sequence after the highest it numbered (listed or not yet). */
    private final Map<String, Long> nextOf = new HashMap<>();
    /** Rendition → parts in storage ({sequence, count}) that a finished epoch left for the next one to delete. */
    private final Map<String, List<long[]>> partsLeft = new LinkedHashMap<>();

    private boolean ended;
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
     * after this epoch was opened) and after what is already in storage ({@link StoredSegments.Continuation#NONE}
     * when this process started the session). Each rendition with stored segments continues after its own; when
     * storage could not be listed, every rendition starts after the fallback.
     */
    synchronized Epoch settle(Epoch epoch, StoredSegments.Continuation stored) {
        for (MediaPlaylist p : playlists.values()) {
            nextSequence = Math.max(nextSequence, p.nextSequence());
        }
        // Storage, not a restored listing, says what each rendition used: a segment is stored before it is listed.
        // A failed listing names no rendition, so every one starts after the fallback.
        stored.byRendition().forEach((rendition, highest) -> nextOf.merge(rendition, highest + 1, Math::max));
        nextSequence = Math.max(Math.max(nextSequence, stored.highest() + 1), epoch.firstSequence());
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

    /** Reserves the rendition's sequence numbers up to {@code sequence} so the next epoch starts after them. */
    synchronized void reserve(String rendition, long sequence) {
        nextSequence = Math.max(nextSequence, sequence + 1);
        nextOf.merge(rendition, sequence + 1, Math::max);
    }

    /**
     * The rendition's first sequence in {@code epoch} (settled): right after its own last one when an earlier epoch
     * numbered it or storage holds its segments, else the epoch's (after the highest any rendition reached).
     */
    synchronized long firstSequence(String rendition, Epoch epoch) {
        Long next = nextOf.get(rendition);
        MediaPlaylist p = playlists.get(rendition);
        if (next == null) {
            return epoch.firstSequence();
        }
        return Math.max(next, p == null ? -1 : p.nextSequence());
    }

    /** A finished epoch's rendition leaves its parts still in storage to the next epoch (or to the session's end). */
    synchronized void leaveParts(String rendition, Collection<long[]> parts) {
        partsLeft.computeIfAbsent(rendition, r -> new ArrayList<>()).addAll(parts);
    }

    /** Takes the parts an earlier epoch left for the rendition (oldest first). */
    synchronized List<long[]> takeParts(String rendition) {
        List<long[]> left = partsLeft.remove(rendition);
        return left == null ? List.of() : left;
    }

    /** Completes once the last epoch started so far has stored everything and stopped. */
    synchronized CompletableFuture<Void> lastEpochStored() {
        return lastEpochStored;
    }

    /**
     * The session is over: ends every playlist that lists something (EXT-X-ENDLIST; idempotent) and answers
     * rendition → its classic text to store, with the parts left in storage (rendition → {sequence, count}).
     */
    synchronized Ending end() {
        Map<String, String> texts = new LinkedHashMap<>();
        if (!ended) {
            ended = true;
            for (Map.Entry<String, MediaPlaylist> e : playlists.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    e.getValue().end();
                    texts.put(e.getKey(), e.getValue().render());
                }
            }
        }
        Map<String, List<long[]>> parts = new LinkedHashMap<>(partsLeft);
        partsLeft.clear();
        return new Ending(texts, parts);
    }

    /** What ending the session leaves to do: store each ended playlist, delete the parts left later. */
    record Ending(Map<String, String> playlists, Map<String, List<long[]>> parts) {}

    /** Starts the rendition's segment being written (its parts follow). */
    synchronized void open(
            String rendition, long sequence, Instant programDateTime, String mapUri, boolean discontinuity) {
        playlist(rendition).open(sequence, programDateTime, mapUri, discontinuity);
    }

    /** Lists a part of the rendition's segment being written. */
    synchronized void addPart(String rendition, HlsPart part) {
        playlist(rendition).addPart(part);
    }

    /** Lists a segment (the open one's parts become its parts) and answers the classic playlist text to publish. */
    synchronized String add(String rendition, HlsSegment segment) {
        ended = false; // a publisher back after the end was declared (a stored session resumed): the list goes on
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

    /** The sequence after the rendition's last listed segment; -1 when it lists none. */
    synchronized long nextSequence(String rendition) {
        MediaPlaylist p = playlists.get(rendition);
        return p == null ? -1 : p.nextSequence();
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
    record Epoch(
            int number,
            long firstSequence,
            CompletableFuture<Void> previousEncoded,
            CompletableFuture<Void> previousStored) {}
}
