package org.millrace.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A master playlist read back (a live session's, as {@link MasterPlaylist} wrote it): each variant's attributes and
 * rendition (the first path element of its media playlist URI), and the audio rendition of EXT-X-MEDIA. Keeps the
 * text so a VOD master can be the same playlist pointing to other media playlists.
 */
public record ParsedMasterPlaylist(String text, List<VariantEntry> variants, String audioRendition) {

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    /** One EXT-X-STREAM-INF entry; {@code rendition} is the first path element of its URI. */
    public record VariantEntry(
            String rendition, long bandwidth, int width, int height, Map<String, String> attributes) {
        public VariantEntry {
            attributes = Map.copyOf(attributes);
        }
    }

    public ParsedMasterPlaylist {
        variants = List.copyOf(variants);
    }

    /**
     * Reads the variants and the audio rendition; lines it does not know are kept in the text and otherwise ignored.
     *
     * @throws IllegalArgumentException when a BANDWIDTH or RESOLUTION is not a number
     */
    public static ParsedMasterPlaylist parse(String text) {
        List<VariantEntry> variants = new ArrayList<>();
        String audio = null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=AUDIO")) {
                Matcher m = URI_ATTRIBUTE.matcher(line);
                if (m.find() && audio == null) {
                    audio = renditionOf(m.group(1));
                }
            } else if (line.startsWith("#EXT-X-STREAM-INF:")) {
                Map<String, String> attributes = attributes(line.substring("#EXT-X-STREAM-INF:".length()));
                String uri = null;
                while (++i < lines.length) {
                    String next = lines[i].trim();
                    if (!next.isEmpty() && !next.startsWith("#")) {
                        uri = next;
                        break;
                    }
                }
                if (uri == null) {
                    break;
                }
                int width = 0;
                int height = 0;
                String resolution = attributes.get("RESOLUTION");
                try {
                    if (resolution != null && resolution.contains("x")) {
                        width = Integer.parseInt(resolution.substring(0, resolution.indexOf('x')));
                        height = Integer.parseInt(resolution.substring(resolution.indexOf('x') + 1));
                    }
                    variants.add(new VariantEntry(
                            renditionOf(uri),
                            Long.parseLong(attributes.getOrDefault("BANDWIDTH", "0")),
                            width,
                            height,
                            attributes));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("variant " + uri + ": " + e.getMessage(), e);
                }
            }
        }
        return new ParsedMasterPlaylist(text, variants, audio);
    }

    /** The variant with the highest BANDWIDTH (normally {@code source}), or null when none. */
    public VariantEntry top() {
        VariantEntry best = null;
        for (VariantEntry v : variants) {
            if (best == null || v.bandwidth() > best.bandwidth()) {
                best = v;
            }
        }
        return best;
    }

    /** The same master with every {@code <rendition>/index.m3u8} URI replaced by {@code <rendition>/<media>}. */
    public String pointingTo(String media) {
        StringBuilder b = new StringBuilder(text.length() + 64);
        for (String line : text.split("\r?\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("#")) {
                b.append(replaceName(trimmed, media));
            } else if (trimmed.startsWith("#EXT-X-MEDIA:")) {
                Matcher m = URI_ATTRIBUTE.matcher(trimmed);
                b.append(
                        m.find()
                                ? trimmed.substring(0, m.start(1))
                                        + replaceName(m.group(1), media)
                                        + trimmed.substring(m.end(1))
                                : trimmed);
            } else {
                b.append(trimmed);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String replaceName(String uri, String media) {
        int slash = uri.lastIndexOf('/');
        return (slash < 0 ? "" : uri.substring(0, slash + 1)) + media;
    }

    private static String renditionOf(String uri) {
        int slash = uri.indexOf('/');
        return slash < 0 ? "" : uri.substring(0, slash);
    }

    private static Map<String, String> attributes(String list) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = ATTRIBUTE.matcher(list);
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(m.group(1), value);
        }
        return out;
    }
}
