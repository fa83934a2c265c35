package org.millrace.hls;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A live media playlist with a DVR window: segments are appended as they reach storage, the oldest fall out once the
 * listed duration exceeds the window (the media and discontinuity sequences advance accordingly), and {@link #end()}
 * adds EXT-X-ENDLIST. Pure and single-threaded: rendering is a function of what was added.
 */
public final class MediaPlaylist {
    private static final DateTimeFormatter PDT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private final int targetDuration;
    private final double windowSeconds;
    private final Deque<HlsSegment> segments = new ArrayDeque<>();
    private double listedSeconds;
    private long discontinuitySequence;
    private boolean ended;

    /** @param targetDuration the configured segment duration (EXT-X-TARGETDURATION is at least its ceiling) */
    public MediaPlaylist(Duration targetDuration, Duration window) {
        this.targetDuration = (int) Math.ceil(targetDuration.toMillis() / 1000.0);
        this.windowSeconds = window.toMillis() / 1000.0;
    }

    /**
     * Appends a segment; its sequence must follow the last one's, except after a discontinuity (a resumed session
     * numbers after the highest sequence any rendition reached, so a rendition that ended earlier skips some).
     * Re-opens an ended playlist.
     */
    public void add(HlsSegment segment) {
        HlsSegment last = segments.peekLast();
        boolean follows = last == null || segment.sequence() == last.sequence() + 1
                || (segment.discontinuity() && segment.sequence() > last.sequence());
        if (!follows) {
            throw new IllegalArgumentException("sequence " + segment.sequence() + " does not follow " + last.sequence());
        }
        ended = false;
        segments.addLast(segment);
        listedSeconds += segment.durationSeconds();
        while (segments.size() > 1 && listedSeconds - segments.peekFirst().durationSeconds() >= windowSeconds) {
            HlsSegment gone = segments.removeFirst();
            listedSeconds -= gone.durationSeconds();
            // The discontinuity sequence counts the discontinuity tags that left the window (RFC 8216 4.3.3.3).
            if (segments.peekFirst().discontinuity()) {
                discontinuitySequence++;
            }
        }
    }

    /**
     * Reads back a playlist {@link #render()} wrote (another process's, a session resumed on another node), to go on
     * appending to it: its segments, discontinuities, gaps, init segments and discontinuity sequence, not ended.
     * Lines it did not write are ignored; a segment line without its EXTINF fails.
     *
     * @throws IllegalArgumentException when the text is not such a playlist
     */
    public static MediaPlaylist parse(String text, Duration targetDuration, Duration window) {
        MediaPlaylist p = new MediaPlaylist(targetDuration, window);
        if (!text.startsWith("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist");
        }
        long sequence = -1;
        long discontinuities = 0;
        double duration = -1;
        Instant date = null;
        String map = null;
        boolean discontinuity = false;
        boolean gap = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                discontinuities = Long.parseLong(line.substring("#EXT-X-DISCONTINUITY-SEQUENCE:".length()));
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.equals("#EXT-X-GAP")) {
                gap = true;
            } else if (line.startsWith("#EXT-X-MAP:URI=\"") && line.endsWith("\"")) {
                map = line.substring("#EXT-X-MAP:URI=\"".length(), line.length() - 1);
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                date = OffsetDateTime.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length())).toInstant();
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (!line.startsWith("#")) {
                if (duration < 0 || sequence < 0 || date == null) {
                    throw new IllegalArgumentException("segment " + line + " without EXTINF, date or media sequence");
                }
                long number = p.segments.isEmpty() ? sequence : (discontinuity ? sequenceOf(line, sequence)
                        : p.segments.peekLast().sequence() + 1);
                p.add(new HlsSegment(number, duration, line, date, map, discontinuity && !p.segments.isEmpty(), gap));
                sequence = number;
                duration = -1;
                date = null;
                discontinuity = false;
                gap = false;
            }
        }
        p.discontinuitySequence += discontinuities;
        return p;
    }

    /** A segment's sequence from its URI ({@code <sequence>.m4s}): after a discontinuity numbers may jump. */
    private static long sequenceOf(String uri, long fallback) {
        int dot = uri.lastIndexOf('.');
        try {
            return Long.parseLong(uri.substring(uri.lastIndexOf('/') + 1, dot < 0 ? uri.length() : dot));
        } catch (NumberFormatException e) {
            return fallback + 1;
        }
    }

    public void end() {
        ended = true;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The sequence the next segment must have, or {@code -1} when nothing was added. */
    public long nextSequence() {
        return segments.isEmpty() ? -1 : segments.peekLast().sequence() + 1;
    }

    public String render() {
        int target = targetDuration;
        for (HlsSegment s : segments) {
            target = Math.max(target, (int) Math.round(s.durationSeconds()));
        }
        StringBuilder b = new StringBuilder(256 + segments.size() * 96);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(hasGap() ? 8 : 7).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.peekFirst().sequence()).append('\n');
        if (discontinuitySequence > 0) {
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        String map = null;
        boolean first = true;
        for (HlsSegment s : segments) {
            // The first listed segment never carries the tag: its discontinuity is counted by the sequence.
            if (s.discontinuity() && !first) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (s.mapUri() != null && !s.mapUri().equals(map)) {
                map = s.mapUri();
                b.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
            }
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(s.programDateTime())).append('\n');
            b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.durationSeconds()));
            if (s.gap()) {
                b.append("#EXT-X-GAP\n");
            }
            b.append(s.uri()).append('\n');
            first = false;
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    private boolean hasGap() {
        for (HlsSegment s : segments) {
            if (s.gap()) {
                return true;
            }
        }
        return false;
    }
}
