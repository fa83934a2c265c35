package org.millrace.hls;

/**
 * Makes a session's master playlist reachable from {@code /live/<streamId>/master.m3u8}: the transcoder writes its
 * variant and media URIs relative to the session directory ({@code 480p/index.m3u8}), and a player resolves them
 * against the master's URL, so each relative URI gets the session id in front. Absolute URIs are left alone.
 */
public final class MasterPlaylistRewriter {
    private MasterPlaylistRewriter() {}

    /** The playlist with every relative URI (URI lines and URI attributes) prefixed by {@code prefix + "/"}. */
    public static String rewrite(String playlist, String prefix) {
        return PlaylistUris.map(playlist, uri -> prefixed(uri, prefix));
    }

    private static String prefixed(String uri, String prefix) {
        if (uri.isEmpty() || uri.startsWith("/") || PlaylistUris.isAbsolute(uri)) {
            return uri; // absolute, or a path from the site's root: already reachable as is
        }
        return prefix + "/" + uri;
    }
}
