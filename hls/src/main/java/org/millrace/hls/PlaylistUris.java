package org.millrace.hls;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites every URI of an HLS playlist, wherever the format puts one: URI lines (variants, segments) and
 * {@code URI="..."} attributes of tags (EXT-X-MEDIA, EXT-X-MAP, EXT-X-KEY, EXT-X-I-FRAME-STREAM-INF, ...).
 * Comments, other tags, blank lines and line endings (LF or CRLF) are kept as they were.
 */
public final class PlaylistUris {
    /** A URI="..." attribute; the look-behind keeps a longer name such as {@code X-URI=} out. */
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("(?<=[:,])URI=\"([^\"]*)\"");
    /** RFC 3986 scheme: "https:", "data:", ... */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private PlaylistUris() {}

    /** The playlist with {@code uri} applied to each URI (URI lines are passed stripped of surrounding blanks). */
    public static String map(String playlist, UnaryOperator<String> uri) {
        StringBuilder out = new StringBuilder(playlist.length() + 256);
        for (String line : playlist.split("(?<=\n)", -1)) {
            String ending = line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
            String content = line.substring(0, line.length() - ending.length());
            out.append(mapLine(content, uri)).append(ending);
        }
        return out.toString();
    }

    /** Whether {@code uri} names its scheme ({@code https://cdn/...}, {@code data:...}): it points elsewhere. */
    public static boolean isAbsolute(String uri) {
        return SCHEME.matcher(uri).find();
    }

    private static String mapLine(String line, UnaryOperator<String> uri) {
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
                m.appendReplacement(out, Matcher.quoteReplacement("URI=\"" + uri.apply(m.group(1)) + "\""));
            }
            m.appendTail(out);
            return out.toString();
        }
        return uri.apply(trimmed);
    }
}
