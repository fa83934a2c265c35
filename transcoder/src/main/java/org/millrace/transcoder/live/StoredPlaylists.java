package org.millrace.transcoder.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.LowLatency;
import org.millrace.hls.MediaPlaylist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live playlists a session left in storage ({@code master.m3u8} and each rendition's {@code index.m3u8}), read
 * back when the session resumes in a process that does not remember them (its publisher reconnected to another
 * ingest node after its node died, or this one restarted): the resumed session goes on appending to them, after a
 * discontinuity, instead of starting playlists that forget what viewers could rewind to.
 */
final class StoredPlaylists {
    private static final Logger LOG = LoggerFactory.getLogger(StoredPlaylists.class);
    /** A rendition's playlist as the master names it: {@code <rendition>/index.m3u8}. */
    private static final Pattern MEDIA = Pattern.compile("([A-Za-z0-9_-]{1,32})/index\\.m3u8");

    private static final Pattern AUDIO_URI = Pattern.compile("URI=\"([^\"]*)\"");

    private StoredPlaylists() {}

    /**
     * Rendition name → its playlist, for the renditions under {@code prefix} whose playlists can be read; empty when
     * the session has no master yet (it died before one was written) or storage cannot be read (numbering after the
     * stored segments still keeps names apart; only the rewind window is lost). Logged, never thrown.
     */
    static Map<String, MediaPlaylist> read(Storage storage, String prefix, Duration target, Duration window) {
        return read(storage, prefix, target, window, null);
    }

    /** As {@link #read(Storage, String, Duration, Duration)}, the playlists going on with low latency. */
    static Map<String, MediaPlaylist> read(
            Storage storage, String prefix, Duration target, Duration window, LowLatency lowLatency) {
        Map<String, MediaPlaylist> out = new LinkedHashMap<>();
        String master;
        try {
            master = text(storage, prefix + "master.m3u8");
        } catch (StorageNotFoundException e) {
            return out;
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: could not read the stored master playlist ({}); the resumed session starts new playlists",
                    prefix,
                    e.toString());
            return out;
        }
        for (String uri : mediaUris(master)) {
            Matcher m = MEDIA.matcher(uri);
            if (!m.matches()) {
                continue;
            }
            try {
                out.put(m.group(1), MediaPlaylist.parse(text(storage, prefix + uri), target, window, lowLatency));
            } catch (StorageNotFoundException e) {
                // A rendition that never listed a segment.
            } catch (RuntimeException e) {
                LOG.warn(
                        "{}{}: could not read it back ({}); that rendition starts a new playlist",
                        prefix,
                        uri,
                        e.toString());
            }
        }
        return out;
    }

    private static Iterable<String> mediaUris(String master) {
        Map<String, Boolean> uris = new LinkedHashMap<>();
        for (String raw : master.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-MEDIA:")) {
                Matcher audio = AUDIO_URI.matcher(line);
                if (audio.find()) {
                    uris.put(audio.group(1), true);
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                uris.put(line, true);
            }
        }
        return uris.keySet();
    }

    private static String text(Storage storage, String key) {
        try (StorageObject o = storage.get(key)) {
            return new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
