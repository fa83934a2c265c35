package org.millrace.hls;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the classic text {@link MediaPlaylist#render()} writes (and older versions of it) back into a playlist:
 * segments, discontinuities, gaps, init segments, dates (an omitted date is the previous segment's plus its listed
 * duration), the discontinuity sequence and EXT-X-ENDLIST.
 */
final class MediaPlaylistParser {
    private MediaPlaylistParser() {}

    static void parse(String text, MediaPlaylist p) {
        if (!text.startsWith("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist");
        }
        try {
            read(text, p);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a media playlist: " + e.getMessage(), e);
        }
    }

    private static void read(String text, MediaPlaylist p) {
        long sequence = -1;
        long discontinuities = 0;
        long durationMs = -1;
        Instant date = null;
        Instant nextDate = null;
        String map = null;
        boolean discontinuity = false;
        boolean gap = false;
        boolean ended = false;
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
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (line.startsWith("#EXT-X-MAP:URI=\"") && line.endsWith("\"")) {
                map = line.substring("#EXT-X-MAP:URI=\"".length(), line.length() - 1);
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                date = OffsetDateTime.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length()))
                        .toInstant();
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                durationMs = millis(comma < 0 ? value : value.substring(0, comma));
            } else if (!line.startsWith("#")) {
                Instant start = date != null ? date : nextDate;
                if (durationMs < 0 || sequence < 0 || start == null) {
                    throw new IllegalArgumentException("segment " + line + " without EXTINF, date or media sequence");
                }
                long number = p.isEmpty() ? sequence : (discontinuity ? sequenceOf(line, sequence) : p.nextSequence());
                p.add(new HlsSegment(
                        number, durationMs / 1000.0, line, start, map, discontinuity && !p.isEmpty(), gap));
                sequence = number;
                nextDate = start.plusMillis(durationMs);
                durationMs = -1;
                date = null;
                discontinuity = false;
                gap = false;
            }
        }
        p.addDiscontinuitySequence(discontinuities);
        if (ended) {
            p.markEnded();
        }
    }

    /** Whole milliseconds of a decimal number of seconds, as the renderer rounds them. */
    private static long millis(String seconds) {
        BigDecimal value = new BigDecimal(seconds.strip());
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(86_400)) > 0) {
            throw new IllegalArgumentException("duration " + seconds);
        }
        return MediaPlaylistRenderer.millis(value.doubleValue());
    }

    /** A segment's sequence from its URI ({@code <sequence>.m4s}): after a discontinuity numbers may jump. */
    private static long sequenceOf(String uri, long fallback) {
        int dot = uri.lastIndexOf('.');
        try {
            return Long.parseLong(uri.substring(uri.lastIndexOf('/') + 1, dot < 0 ? uri.length() : dot));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return fallback + 1;
        }
    }
}
