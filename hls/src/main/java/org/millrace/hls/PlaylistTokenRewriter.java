package org.millrace.hls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Carries a private video's playback token from a playlist's URL into every URI the playlist lists, so the
 * player's next requests (media playlists, init segments, segments) pass the same check without any header.
 * URIs with a scheme point to another site and never get the token.
 */
public final class PlaylistTokenRewriter {
    private PlaylistTokenRewriter() {}

    /**
     * The playlist with {@code ?<name>=<token>} (or {@code &<name>=}) on each relative or root-relative URI, LL-HLS
     * parts, preload hints and rendition reports included.
     */
    public static String rewrite(String playlist, String name, String token) {
        String parameter = name + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return PlaylistUris.map(playlist, uri -> withParameter(uri, parameter));
    }

    private static String withParameter(String uri, String parameter) {
        if (uri.isEmpty() || PlaylistUris.isAbsolute(uri)) {
            return uri;
        }
        int hash = uri.indexOf('#');
        String path = hash < 0 ? uri : uri.substring(0, hash);
        String fragment = hash < 0 ? "" : uri.substring(hash);
        String separator = path.contains("?") ? (path.endsWith("?") || path.endsWith("&") ? "" : "&") : "?";
        return path + separator + parameter + fragment;
    }
}
