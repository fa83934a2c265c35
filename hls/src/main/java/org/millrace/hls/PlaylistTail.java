package org.millrace.hls;

import java.util.List;

/**
 * The live edge of one rendition's playlist, small enough to send on every new part: the last few complete segments
 * (oldest first, with their parts), the segment being written (null between segments or once ended) and whether
 * the playlist has ended. Another process keeping a copy of the playlist brings it up to date with
 * {@link MediaPlaylist#merge}; a copy that fell further behind than {@code segments} reloads the whole playlist.
 * {@code version} grows with every change, so a late or repeated tail is recognised and ignored.
 */
public record PlaylistTail(long version, List<HlsSegment> segments, OpenSegment open, boolean ended) {
    public PlaylistTail {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
