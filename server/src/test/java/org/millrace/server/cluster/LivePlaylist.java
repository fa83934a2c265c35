package org.millrace.server.cluster;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.millrace.server.ApiClient;

/**
 * A live stream's playlists as a viewer reads them through the front: the master's current session and first
 * variant, and that variant's segments (URIs in order), whether a discontinuity precedes each one, and how many of
 * them are gaps (EXT-X-GAP: numbers a reconnect skipped).
 */
record LivePlaylist(
        String sessionId, String mediaPath, List<String> segments, List<Boolean> afterDiscontinuity, int gaps) {

    /** The playlists now, or null while the master or the media playlist is not 200. */
    static LivePlaylist read(ApiClient front, String streamId) throws Exception {
        HttpResponse<String> master = front.get("/live/" + streamId + "/master.m3u8", null);
        if (master.statusCode() != 200) {
            return null;
        }
        String variant = master.body()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("a master playlist without variants:\n" + master.body()));
        String mediaPath = variant.startsWith("/") ? variant : "/live/" + streamId + "/" + variant;
        String sessionId =
                mediaPath.substring(("/live/" + streamId + "/").length()).split("/", 2)[0];
        HttpResponse<String> media = front.get(mediaPath, null);
        if (media.statusCode() != 200) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        List<Boolean> discontinuities = new ArrayList<>();
        boolean discontinuity = false;
        int gaps = 0;
        for (String line : media.body().lines().toList()) {
            if (line.equals("#EXT-X-GAP")) {
                gaps++;
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                segments.add(line);
                discontinuities.add(discontinuity);
                discontinuity = false;
            }
        }
        return new LivePlaylist(sessionId, mediaPath, List.copyOf(segments), List.copyOf(discontinuities), gaps);
    }

    /** The first segment not in {@code earlier}'s with a discontinuity between it and {@code earlier}'s, or null. */
    String firstSegmentAfterDiscontinuity(LivePlaylist earlier) {
        return segments.stream()
                .filter(s -> !earlier.segments().contains(s) && discontinuityBefore(s, earlier))
                .findFirst()
                .orElse(null);
    }

    /** Whether a discontinuity separates {@code segment} from the last of {@code earlier}'s segments before it. */
    boolean discontinuityBefore(String segment, LivePlaylist earlier) {
        for (int i = segments.indexOf(segment); i >= 0 && !earlier.segments().contains(segments.get(i)); i--) {
            if (afterDiscontinuity.get(i)) {
                return true;
            }
        }
        return false;
    }
}
