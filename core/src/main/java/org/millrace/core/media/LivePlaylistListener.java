package org.millrace.core.media;

import org.millrace.hls.PlaylistTail;

/**
 * Told of every change to a live rendition's playlist (a new part, a complete segment, the end), once what it lists
 * is in storage, so the processes serving viewers can answer LL-HLS blocking requests without polling storage.
 * Called from a transcoder thread: implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface LivePlaylistListener {
    void playlistChanged(LiveSessionInfo session, String rendition, PlaylistTail tail);

    static LivePlaylistListener none() {
        return (session, rendition, tail) -> {};
    }
}
