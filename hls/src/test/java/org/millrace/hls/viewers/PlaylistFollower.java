package org.millrace.hls.viewers;

import java.util.ArrayList;
import java.util.List;

/**
 * What a player following one live rendition fetches next: each new segment (classic) or each new part (LL-HLS),
 * once, in order, starting at the live edge; and the playlist request that follows (after a target duration, or a
 * blocking reload for the next part). Pure: the viewer feeds it playlists and does the I/O.
 */
final class PlaylistFollower {
    /** One segment or part to fetch. */
    record Media(String uri, double duration, long sequence, int part) {}

    private final boolean lowLatency;
    /** The next segment to fetch; -1 until the first playlist. */
    private long nextSequence = -1;
    /** The next part of {@link #nextSequence} to fetch (LL-HLS only). */
    private int nextPart;

    PlaylistFollower(boolean lowLatency) {
        this.lowLatency = lowLatency;
    }

    /** Starts at the first segment at or after {@code sequence} (a rendition switch keeps the viewer's position). */
    PlaylistFollower(boolean lowLatency, long sequence) {
        this(lowLatency);
        this.nextSequence = sequence;
    }

    boolean lowLatency() {
        return lowLatency;
    }

    /** The segment this follower will fetch next (or fetch parts of), -1 before the first playlist. */
    long position() {
        return nextSequence;
    }

    /**
     * What this playlist lists that was not fetched yet. A new viewer starts at the live edge: the last segment
     * (classic), or the last listed part. Segments whose parts are no longer listed are fetched whole.
     */
    List<Media> newMedia(PlayerPlaylist playlist) {
        List<Media> media = new ArrayList<>();
        if (nextSequence < 0) {
            start(playlist);
        }
        for (PlayerPlaylist.Segment segment : playlist.segments()) {
            if (segment.sequence() < nextSequence) {
                continue;
            }
            boolean begun = segment.sequence() == nextSequence && nextPart > 0;
            if (lowLatency && !segment.parts().isEmpty()) {
                if (!begun) {
                    nextPart = 0;
                }
                addParts(media, segment.parts());
            } else if (!begun) {
                media.add(new Media(segment.uri(), segment.duration(), segment.sequence(), -1));
            }
            nextSequence = segment.sequence() + 1;
            nextPart = 0;
        }
        if (lowLatency && playlist.nextSequence() >= nextSequence) {
            if (playlist.nextSequence() > nextSequence) {
                nextSequence = playlist.nextSequence();
                nextPart = 0;
            }
            addParts(media, playlist.openParts());
        }
        return media;
    }

    private void addParts(List<Media> media, List<PlayerPlaylist.Part> parts) {
        for (PlayerPlaylist.Part part : parts) {
            if (part.index() >= nextPart) {
                media.add(new Media(part.uri(), part.duration(), part.sequence(), part.index()));
                nextPart = part.index() + 1;
            }
        }
    }

    private void start(PlayerPlaylist playlist) {
        List<PlayerPlaylist.Segment> segments = playlist.segments();
        if (lowLatency && !playlist.openParts().isEmpty()) {
            nextSequence = playlist.nextSequence();
            nextPart = playlist.openParts().size() - 1;
        } else if (lowLatency
                && !segments.isEmpty()
                && !segments.get(segments.size() - 1).parts().isEmpty()) {
            PlayerPlaylist.Segment last = segments.get(segments.size() - 1);
            nextSequence = last.sequence();
            nextPart = last.parts().size() - 1;
        } else {
            nextSequence = segments.isEmpty()
                    ? playlist.nextSequence()
                    : segments.get(segments.size() - 1).sequence();
            nextPart = 0;
        }
    }

    /**
     * The query of the next playlist request: LL-HLS blocks for the part after the last one fetched (a delta update
     * when the server offers it); classic asks again plainly, after {@link #reloadDelaySeconds}.
     */
    String reloadQuery(PlayerPlaylist playlist) {
        if (!lowLatency || !playlist.canBlockReload()) {
            return "";
        }
        return "?_HLS_msn=" + nextSequence + "&_HLS_part=" + nextPart + (playlist.canSkip() ? "&_HLS_skip=YES" : "");
    }

    /** RFC 8216 6.3.4: a target duration after a changed playlist, half of it after an unchanged one; 0 when blocking. */
    double reloadDelaySeconds(PlayerPlaylist playlist, boolean changed) {
        if (lowLatency && playlist.canBlockReload()) {
            return 0;
        }
        return changed ? playlist.targetDuration() : playlist.targetDuration() / 2;
    }
}
