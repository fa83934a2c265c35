package org.millrace.hls.viewers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media playlist as a player reads it (the load generator's view, not the server's model): the listed segments
 * with their parts, the parts of the open segment, the init file and what the server offers for reloading.
 */
record PlayerPlaylist(
        double targetDuration,
        double partTarget,
        long mediaSequence,
        List<Segment> segments,
        List<Part> openParts,
        String mapUri,
        boolean canBlockReload,
        boolean canSkip,
        boolean ended) {

    /** One listed segment; {@code parts} is empty when the server no longer lists them. */
    record Segment(long sequence, double duration, String uri, List<Part> parts) {}

    /** One LL-HLS part of segment {@code sequence}. */
    record Part(long sequence, int index, double duration, String uri) {}

    private static final Pattern DURATION = Pattern.compile("DURATION=([0-9.]+)");
    private static final Pattern URI = Pattern.compile("URI=\"([^\"]*)\"");
    private static final Pattern SKIPPED = Pattern.compile("SKIPPED-SEGMENTS=([0-9]+)");
    private static final Pattern PART_TARGET = Pattern.compile("PART-TARGET=([0-9.]+)");

    PlayerPlaylist {
        segments = List.copyOf(segments);
        openParts = List.copyOf(openParts);
    }

    /** The sequence number the next segment will have (the open one's when parts of it are listed). */
    long nextSequence() {
        return segments.isEmpty()
                ? mediaSequence
                : segments.get(segments.size() - 1).sequence() + 1;
    }

    /** @throws IllegalArgumentException when it is not a media playlist */
    static PlayerPlaylist parse(String text) {
        if (!text.startsWith("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist");
        }
        double target = 0;
        double partTarget = 0;
        long mediaSequence = 0;
        long skipped = 0;
        String map = null;
        boolean canBlock = false;
        boolean canSkip = false;
        boolean ended = false;
        List<Segment> segments = new ArrayList<>();
        List<Part> pending = new ArrayList<>();
        double extinf = -1;
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            long sequence = mediaSequence + skipped + segments.size();
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Double.parseDouble(line.substring(22));
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(line.substring(22));
            } else if (line.startsWith("#EXT-X-SKIP:")) {
                skipped = Long.parseLong(group(SKIPPED, line));
            } else if (line.startsWith("#EXT-X-PART-INF:")) {
                partTarget = Double.parseDouble(group(PART_TARGET, line));
            } else if (line.startsWith("#EXT-X-SERVER-CONTROL:")) {
                canBlock = line.contains("CAN-BLOCK-RELOAD=YES");
                canSkip = line.contains("CAN-SKIP-UNTIL=");
            } else if (line.startsWith("#EXT-X-MAP:")) {
                map = group(URI, line);
            } else if (line.startsWith("#EXT-X-PART:")) {
                pending.add(new Part(
                        sequence, pending.size(), Double.parseDouble(group(DURATION, line)), group(URI, line)));
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                int comma = value.indexOf(',');
                extinf = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (!line.startsWith("#")) {
                if (extinf < 0) {
                    throw new IllegalArgumentException("a URI without #EXTINF: " + line);
                }
                segments.add(new Segment(sequence, extinf, line, pending));
                pending = new ArrayList<>();
                extinf = -1;
            }
        }
        if (target <= 0) {
            throw new IllegalArgumentException("no #EXT-X-TARGETDURATION");
        }
        return new PlayerPlaylist(
                target, partTarget, mediaSequence + skipped, segments, pending, map, canBlock, canSkip, ended);
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("malformed: " + line);
        }
        return m.group(1);
    }
}
