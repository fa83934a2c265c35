package org.millrace.recorder.media;

import java.nio.charset.StandardCharsets;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.MediaPlaylist;

/**
 * Whether a session's transcoder finished writing it: every rendition's live playlist ends with EXT-X-ENDLIST
 * ({@link MediaPlaylist#endsList}; this class only walks storage, which the hls module never touches). The
 * transcoder ends them when the session ends (its reconnect grace over: a publisher leaving alone does not, so a
 * reconnected session is one playlist, both halves after a discontinuity) and only after its spooled segments reached
 * storage, so an unended playlist after the session ended means the end is on its way (it follows the same
 * {@code stream.ended} event), segments are (storage was down) or the transcoder died.
 */
final class LivePlaylistsEnded {
    private LivePlaylistsEnded() {}

    /** False when a playlist under {@code prefix} is not ended; storage failures propagate. */
    static boolean check(Storage storage, String prefix) {
        for (ObjectInfo o : storage.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            if (!rest.endsWith("/index.m3u8") || rest.indexOf('/') != rest.length() - "/index.m3u8".length()) {
                continue;
            }
            try (StorageObject playlist = storage.get(o.key())) {
                if (!MediaPlaylist.endsList(new String(playlist.readAllBytes(), StandardCharsets.UTF_8))) {
                    return false;
                }
            }
        }
        return true;
    }
}
