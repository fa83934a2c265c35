package org.millrace.hls;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a {@link MediaPlaylist} as text: classic (storage, classic players) or LL-HLS (parts, server control, preload
 * hint, delta updates, rendition reports).
 *
 * <p>EXT-X-PROGRAM-DATE-TIME is sparse: on the first listed segment, on each discontinuity, on a gap and the segment
 * after it, and wherever the date a reader derives (the last written date plus the listed durations, in whole
 * milliseconds) would be more than {@link #DATE_DRIFT_MS} off, which rounding the durations to milliseconds only
 * reaches after minutes. Dates are the epoch's start plus media time, so everywhere else they follow exactly.
 */
final class MediaPlaylistRenderer {
    static final DateTimeFormatter PDT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    static final long DATE_DRIFT_MS = 20;

    private final MediaPlaylist p;
    private final StringBuilder b;
    private String map;
    private long derivedDate;
    private boolean afterGap;
    private boolean anyListed;

    private MediaPlaylistRenderer(MediaPlaylist p, int capacity) {
        this.p = p;
        this.b = new StringBuilder(capacity);
    }

    static String classic(MediaPlaylist p) {
        List<HlsSegment> segments = p.segments();
        MediaPlaylistRenderer r = new MediaPlaylistRenderer(p, 256 + segments.size() * 40);
        int target = r.targetDuration();
        r.header(hasGap(segments, 0) ? 8 : 7, target);
        r.mediaSequence();
        for (int i = 0; i < segments.size(); i++) {
            r.segment(segments.get(i), i, false);
        }
        if (p.isEnded()) {
            r.b.append("#EXT-X-ENDLIST\n");
        }
        return r.b.toString();
    }

    static String lowLatency(MediaPlaylist p, RenderOptions options) {
        LowLatency ll = p.lowLatency();
        List<HlsSegment> segments = p.segments();
        OpenSegment open = p.openSnapshot();
        // An ended playlist ignores _HLS_skip (RFC 8216bis 6.2.5.1).
        int skipped = options.skip() && !p.isEnded() ? skippable(p) : 0;
        MediaPlaylistRenderer r = new MediaPlaylistRenderer(p, 1024 + (segments.size() - skipped) * 40);
        int target = r.targetDuration();
        long partTargetMs = partTargetMillis(ll, segments, open);
        boolean canSkip = ll.canSkipUntil() != null;
        r.header(canSkip ? 9 : hasGap(segments, skipped) ? 8 : 7, target);
        r.b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=");
        // The same in every rendition (RFC 8216bis 6.2.4: SERVER-CONTROL must match): three times the longest part
        // the segmenter cuts (under a millisecond past the configured target), whatever this rendition's parts are.
        appendMillis(r.b, 3 * Math.max(ll.partTarget().toMillis() + 1, partTargetMs));
        r.b.append(",HOLD-BACK=");
        appendMillis(r.b, 3000L * target);
        if (canSkip) {
            r.b.append(",CAN-SKIP-UNTIL=");
            appendMillis(r.b, skipBoundaryMillis(ll, target));
        }
        r.b.append("\n#EXT-X-PART-INF:PART-TARGET=");
        appendMillis(r.b, partTargetMs);
        r.b.append('\n');
        r.mediaSequence();
        if (skipped > 0) {
            r.b.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
        }
        // Once ended no part is listed: the transcoder deletes them from storage at the end of the session.
        int partsFrom = p.isEnded() ? segments.size() : segments.size() - ll.partSegments();
        for (int i = skipped; i < segments.size(); i++) {
            r.segment(segments.get(i), i, i >= partsFrom);
        }
        if (open != null && !open.parts().isEmpty()) {
            r.openSegment(open, segments.isEmpty());
        }
        if (!p.isEnded()) {
            r.preloadHint(open, segments);
        }
        for (RenditionReport report : options.reports()) {
            r.b.append("#EXT-X-RENDITION-REPORT:URI=\"")
                    .append(report.uri())
                    .append("\",LAST-MSN=")
                    .append(report.lastMsn());
            if (report.lastPart() >= 0) {
                r.b.append(",LAST-PART=").append(report.lastPart());
            }
            r.b.append('\n');
        }
        if (p.isEnded()) {
            r.b.append("#EXT-X-ENDLIST\n");
        }
        return r.b.toString();
    }

    /**
     * How many of the oldest segments a delta update leaves out: those that end at least the skip boundary before
     * the end of the last complete segment, so what is listed always covers the boundary.
     */
    static int skippable(MediaPlaylist p) {
        LowLatency ll = p.lowLatency();
        if (ll == null || ll.canSkipUntil() == null) {
            return 0;
        }
        List<HlsSegment> segments = p.segments();
        long boundary = skipBoundaryMillis(ll, targetDuration(p));
        long covered = 0;
        for (int i = segments.size() - 1; i > 0; i--) {
            covered += millis(segments.get(i).durationSeconds());
            if (covered >= boundary) {
                return i;
            }
        }
        return 0;
    }

    /** CAN-SKIP-UNTIL: the configured horizon, but never under six target durations (RFC 8216bis 4.4.3.8). */
    private static long skipBoundaryMillis(LowLatency ll, int target) {
        return Math.max(ll.canSkipUntil().toMillis(), 6000L * target);
    }

    /**
     * PART-TARGET: the configured one, raised to the longest listed part rounded up to the millisecond (a single
     * frame may be longer; ten 30 fps frames, 333.3 ms, are listed as 0.333 but need a target of 0.334).
     */
    private static long partTargetMillis(LowLatency ll, List<HlsSegment> segments, OpenSegment open) {
        long target = ll.partTarget().toMillis();
        for (int i = Math.max(0, segments.size() - ll.partSegments()); i < segments.size(); i++) {
            for (HlsPart part : segments.get(i).parts()) {
                target = Math.max(target, ceilMillis(part.durationSeconds()));
            }
        }
        if (open != null) {
            for (HlsPart part : open.parts()) {
                target = Math.max(target, ceilMillis(part.durationSeconds()));
            }
        }
        return target;
    }

    private int targetDuration() {
        return targetDuration(p);
    }

    private static int targetDuration(MediaPlaylist p) {
        int target = p.configuredTargetDuration();
        for (HlsSegment s : p.segments()) {
            target = Math.max(target, (int) Math.round(s.durationSeconds()));
        }
        return target;
    }

    private void header(int version, int target) {
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
    }

    private void mediaSequence() {
        List<HlsSegment> segments = p.segments();
        b.append("#EXT-X-MEDIA-SEQUENCE:")
                .append(segments.isEmpty() ? 0 : segments.get(0).sequence())
                .append('\n');
        if (p.discontinuitySequence() > 0) {
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:")
                    .append(p.discontinuitySequence())
                    .append('\n');
        }
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }

    /** @param index the segment's place in the playlist (0: the first, whose discontinuity the sequence counts) */
    private void segment(HlsSegment s, int index, boolean withParts) {
        boolean discontinuity = s.discontinuity() && index > 0;
        starts(discontinuity, s.mapUri());
        date(s.programDateTime().toEpochMilli(), discontinuity || s.gap());
        if (withParts) {
            parts(s.parts());
        }
        long ms = millis(s.durationSeconds());
        b.append("#EXTINF:");
        appendMillis(b, ms);
        b.append(",\n");
        if (s.gap()) {
            b.append("#EXT-X-GAP\n");
        }
        b.append(s.uri()).append('\n');
        derivedDate += ms;
        afterGap = s.gap();
    }

    private void openSegment(OpenSegment open, boolean first) {
        boolean discontinuity = open.discontinuity() && !first;
        starts(discontinuity, open.mapUri());
        date(open.programDateTime().toEpochMilli(), discontinuity);
        parts(open.parts());
    }

    private void starts(boolean discontinuity, String mapUri) {
        if (discontinuity) {
            b.append("#EXT-X-DISCONTINUITY\n");
        }
        if (mapUri != null && !mapUri.equals(map)) {
            map = mapUri;
            b.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
        }
    }

    private void date(long date, boolean required) {
        if (!anyListed || required || afterGap || Math.abs(date - derivedDate) > DATE_DRIFT_MS) {
            b.append("#EXT-X-PROGRAM-DATE-TIME:");
            PDT.formatTo(java.time.Instant.ofEpochMilli(date), b);
            b.append('\n');
            derivedDate = date;
        }
        anyListed = true;
    }

    private void parts(List<HlsPart> parts) {
        for (HlsPart part : parts) {
            b.append("#EXT-X-PART:DURATION=");
            appendMillis(b, millis(part.durationSeconds()));
            b.append(",URI=\"").append(part.uri()).append('"');
            if (part.independent()) {
                b.append(",INDEPENDENT=YES");
            }
            if (part.gap()) {
                b.append(",GAP=YES");
            }
            b.append('\n');
        }
    }

    private void preloadHint(OpenSegment open, List<HlsSegment> segments) {
        String uri;
        if (open != null) {
            uri = LiveUris.part(open.sequence(), open.parts().size());
        } else if (!segments.isEmpty()) {
            uri = LiveUris.part(segments.get(segments.size() - 1).sequence() + 1, 0);
        } else {
            return;
        }
        b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(uri).append("\"\n");
    }

    private static boolean hasGap(List<HlsSegment> segments, int from) {
        for (int i = from; i < segments.size(); i++) {
            if (segments.get(i).gap()) {
                return true;
            }
        }
        return false;
    }

    /** Seconds to whole milliseconds, as the text lists them (and as the parser reads them back). */
    static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }

    /** Seconds to milliseconds, rounded up; a microsecond of floating-point noise (0.3 s as 300.00000000000006) is not. */
    static long ceilMillis(double seconds) {
        return (long) Math.ceil(seconds * 1000 - 0.001);
    }

    /** {@code 2.005} for 2005: the three decimals the playlists always had, without String.format's cost. */
    static void appendMillis(StringBuilder b, long ms) {
        b.append(ms / 1000).append('.');
        long frac = ms % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
