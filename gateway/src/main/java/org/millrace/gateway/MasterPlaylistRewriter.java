package org.millrace.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a session's master playlist reachable from {@code /live/<streamId>/master.m3u8}: the transcoder writes its
 * variant and media URIs relative to the session directory ({@code 480p/index.m3u8}), and a player resolves them
 * against the master's URL, so each relative URI gets the session id in front. Absolute URIs are left alone.
 */
public final class MasterPlaylistRewriter {
    /** A URI="..." attribute (EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF, EXT-X-SESSION-DATA, ...). */
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("(?<=[:,])URI=\"([^\"]*)\"");
    /** RFC 3986 scheme: "https:", "data:", ... */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private MasterPlaylistRewriter() {
    }

    /** The playlist with every relative URI (URI lines and URI attributes) prefixed by {@code prefix + "/"}. */
    public static String rewrite(String playlist, String prefix) {
        StringBuilder out = new StringBuilder(playlist.length() + 256);
        // Keep the line endings as they were (CRLF or LF): only URIs change.
        String[] lines = playlist.split("(?<=\n)", -1);
        for (String line : lines) {
            String ending = line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
            String content = line.substring(0, line.length() - ending.length());
            out.append(rewriteLine(content, prefix)).append(ending);
        }
        return out.toString();
    }

    private static String rewriteLine(String line, String prefix) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return line;
        }
        if (trimmed.startsWith("#")) {
            if (!trimmed.startsWith("#EXT")) {
                return line; // a comment
            }
            Matcher m = URI_ATTRIBUTE.matcher(line);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement("URI=\"" + prefixed(m.group(1), prefix) + "\""));
            }
            m.appendTail(out);
            return out.toString();
        }
        return prefixed(trimmed, prefix);
    }

    private static String prefixed(String uri, String prefix) {
        if (uri.isEmpty() || uri.startsWith("/") || SCHEME.matcher(uri).find()) {
            return uri; // absolute, or a path from the site's root: already reachable as is
        }
        return prefix + "/" + uri;
    }
}
