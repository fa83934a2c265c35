package org.millrace.hls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A live media playlist with a DVR window, optionally LL-HLS: segments are appended as they reach storage (with the
 * parts they were written as), the segment being written is listed by its parts, the oldest segments fall out once
 * the listed duration exceeds the window (the media and discontinuity sequences advance accordingly), and
 * {@link #end()} adds EXT-X-ENDLIST. {@link #render()} is the classic text that goes to storage,
 * {@link #render(RenderOptions)} the LL-HLS text served to players; {@link #tail}/{@link #merge} keep a copy in
 * another process up to date. Pure and single-threaded: rendering is a function of what was added.
 */
public final class MediaPlaylist {
    /** Most parts a segment may have (a 400 s segment of 100 ms parts); keeps {@link #version()} unambiguous. */
    static final int MAX_PARTS = 4000;

    private static final long STAGES = 4096;
    /** Complete segments older than {@code partSegments} + this lose their parts (storage deletes their objects). */
    private static final int PARTS_KEPT_BEYOND_LISTED = 2;
    /** Most skipped numbers {@link #fillHoleBefore} lists as gaps (a reconnect skips one or two). */
    static final int MAX_GAP_FILL = 64;

    private final int targetDuration;
    private final double windowSeconds;
    private final LowLatency ll;
    private final List<HlsSegment> segments = new ArrayList<>();
    private final List<HlsPart> openParts = new ArrayList<>();
    private OpenSegment open;
    private double listedSeconds;
    private long discontinuitySequence;
    private boolean ended;
    /** What {@link #version()} may not go below: an end that dropped an open segment, a merged tail. */
    private long versionFloor;

    /** A classic playlist (no parts). */
    public MediaPlaylist(Duration targetDuration, Duration window) {
        this(targetDuration, window, null);
    }

    /**
     * @param targetDuration the configured segment duration (EXT-X-TARGETDURATION is at least its ceiling)
     * @param ll             how to do LL-HLS, or null for a classic playlist
     */
    public MediaPlaylist(Duration targetDuration, Duration window, LowLatency ll) {
        this.targetDuration = (int) Math.ceil(targetDuration.toMillis() / 1000.0);
        this.windowSeconds = window.toMillis() / 1000.0;
        this.ll = ll;
    }

    /**
     * Reads back a playlist {@link #render()} wrote (another process's, a session resumed on another node), to go on
     * appending to it: its segments, discontinuities, gaps, init segments, dates (written on every segment by older
     * versions, sparsely now: the omitted ones follow from the previous segment's date and duration), discontinuity
     * sequence and EXT-X-ENDLIST (appending re-opens it). Lines it did not write are ignored.
     *
     * @throws IllegalArgumentException when the text is not such a playlist
     */
    public static MediaPlaylist parse(String text, Duration targetDuration, Duration window) {
        return parse(text, targetDuration, window, null);
    }

    /** {@link #parse(String, Duration, Duration)} into a playlist that goes on as LL-HLS with {@code ll}. */
    public static MediaPlaylist parse(String text, Duration targetDuration, Duration window, LowLatency ll) {
        MediaPlaylist p = new MediaPlaylist(targetDuration, window, ll);
        MediaPlaylistParser.parse(text, p);
        return p;
    }

    /** Whether a media playlist's text is complete: it ends with EXT-X-ENDLIST (trailing blanks aside). */
    public static boolean endsList(String text) {
        return text.stripTrailing().endsWith("#EXT-X-ENDLIST");
    }

    /**
     * Starts the segment being written; its sequence must follow the last complete one's (or jump after a
     * discontinuity). Re-opens an ended playlist. An open segment that was never completed is dropped when a
     * discontinuity follows (its publisher went away mid-segment).
     */
    public void open(long sequence, Instant programDateTime, String mapUri, boolean discontinuity) {
        if (open != null && !discontinuity) {
            throw new IllegalStateException("segment " + open.sequence() + " is still open");
        }
        HlsSegment last = last();
        if (!follows(last, sequence, discontinuity)) {
            throw new IllegalArgumentException("sequence " + sequence + " does not follow " + last.sequence());
        }
        fillHoleBefore(sequence);
        open = new OpenSegment(sequence, programDateTime, mapUri, discontinuity, List.of());
        openParts.clear();
        ended = false;
    }

    /** Appends the next part (index 0, 1, ...) to the segment being written. */
    public void addPart(HlsPart part) {
        if (open == null) {
            throw new IllegalStateException("no open segment");
        }
        if (part.index() != openParts.size() || part.index() >= MAX_PARTS) {
            throw new IllegalArgumentException("part " + part.index() + " of segment " + open.sequence() + " after "
                    + openParts.size() + " parts");
        }
        openParts.add(part);
    }

    /**
     * Appends a complete segment; its sequence must follow the last one's, except after a discontinuity (a resumed
     * session numbers after the highest sequence any rendition reached, so a rendition that ended earlier skips
     * some). When it is the open segment, the open one's parts become its parts unless it carries its own.
     * Re-opens an ended playlist.
     */
    public void add(HlsSegment segment) {
        HlsSegment last = last();
        if (!follows(last, segment.sequence(), segment.discontinuity())) {
            throw new IllegalArgumentException(
                    "sequence " + segment.sequence() + " does not follow " + last.sequence());
        }
        fillHoleBefore(segment.sequence());
        if (open != null) {
            if (open.sequence() == segment.sequence()) {
                if (segment.parts().isEmpty()) {
                    segment = segment.withParts(openParts);
                }
            } else if (!segment.discontinuity()) {
                throw new IllegalArgumentException(
                        "segment " + segment.sequence() + " while " + open.sequence() + " is open");
            }
            open = null;
            openParts.clear();
        }
        ended = false;
        append(segment);
    }

    private void append(HlsSegment segment) {
        segments.add(ll == null ? segment.withoutParts() : segment);
        listedSeconds += segment.durationSeconds();
        int drop = 0;
        while (segments.size() - drop > 1 && listedSeconds - segments.get(drop).durationSeconds() >= windowSeconds) {
            listedSeconds -= segments.get(drop).durationSeconds();
            drop++;
            // The discontinuity sequence counts the discontinuity tags that left the window (RFC 8216 4.3.3.3).
            if (segments.get(drop).discontinuity()) {
                discontinuitySequence++;
            }
        }
        if (drop > 0) {
            segments.subList(0, drop).clear();
        }
        if (ll != null) {
            int stale = segments.size() - 1 - ll.partSegments() - PARTS_KEPT_BEYOND_LISTED;
            if (stale >= 0 && !segments.get(stale).parts().isEmpty()) {
                segments.set(stale, segments.get(stale).withoutParts());
            }
        }
    }

    /**
     * Lists the numbers a discontinuity skips as EXT-X-GAP segments. Clients number a playlist's segments by position
     * (MEDIA-SEQUENCE plus the index), so a jump would give the segments after it other numbers than their URIs and
     * than the ones a client saw before (hls.js then fails the reload: "discontinuity sequence mismatch"). The
     * numbers are skipped when a publisher left mid-segment (its parts are out; the next epoch numbers after them)
     * or a rendition stopped short of another's. A skipped open segment keeps its parts' duration (what players
     * already buffered from them); another gap is one part long, or 0.1 s: short, so a player overlaps rather than
     * waits. A jump too long to fill (storage could not be listed) is left as it is.
     */
    private void fillHoleBefore(long sequence) {
        HlsSegment last = last();
        if (last == null || sequence <= last.sequence() + 1 || sequence - last.sequence() - 1 > MAX_GAP_FILL) {
            return;
        }
        double fallback = ll == null ? 0.1 : ll.partTarget().toMillis() / 1000.0;
        Instant date = last.programDateTime().plusMillis(Math.round(last.durationSeconds() * 1000));
        for (long s = last.sequence() + 1; s < sequence; s++) {
            double seconds = fallback;
            if (open != null && open.sequence() == s) {
                double parts =
                        openParts.stream().mapToDouble(HlsPart::durationSeconds).sum();
                seconds = parts > 0 ? parts : fallback;
                date = open.programDateTime();
            }
            append(new HlsSegment(s, seconds, LiveUris.segment(s), date, last.mapUri(), false, true));
            date = date.plusMillis(Math.round(seconds * 1000));
        }
    }

    private static boolean follows(HlsSegment last, long sequence, boolean discontinuity) {
        return last == null || sequence == last.sequence() + 1 || (discontinuity && sequence > last.sequence());
    }

    /** Adds EXT-X-ENDLIST; a segment still open is dropped (complete it first). */
    public void end() {
        if (ended) {
            return;
        }
        versionFloor = version() + 1; // dropping the open segment must not make the version go back
        ended = true;
        open = null;
        openParts.clear();
    }

    public boolean isEnded() {
        return ended;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The LL-HLS settings, or null for a classic playlist. */
    public LowLatency lowLatency() {
        return ll;
    }

    /** The sequence the next segment must have, or {@code -1} when nothing was added. */
    public long nextSequence() {
        return segments.isEmpty() ? -1 : last().sequence() + 1;
    }

    /** Where the playlist stands; see {@link LiveEdge} for what {@code lastPart == -1} means. */
    public LiveEdge edge() {
        if (open != null && !openParts.isEmpty()) {
            return new LiveEdge(open.sequence(), openParts.size() - 1);
        }
        return segments.isEmpty()
                ? LiveEdge.NOTHING
                : new LiveEdge(last().sequence(), -1, last().parts().size());
    }

    /**
     * This playlist as a sibling's EXT-X-RENDITION-REPORT names it: its newest part (of the open segment, else the
     * last complete segment's last part, -1 when its parts are not known), or null while nothing is listed.
     */
    public RenditionReport renditionReport(String uri) {
        if (open != null && !openParts.isEmpty()) {
            return new RenditionReport(uri, open.sequence(), openParts.size() - 1);
        }
        HlsSegment last = last();
        if (last == null) {
            return null;
        }
        return new RenditionReport(
                uri, last.sequence(), last.parts().isEmpty() ? -1 : last.parts().size() - 1);
    }

    /**
     * Grows with every change, derived from the content (the newest sequence, how many parts of it exist, whether
     * it is complete, whether the playlist ended): a copy made by {@link #parse} or {@link #merge} has the version of
     * what it copied, and a writer restarted in another process goes on from the versions it left (a resumed session
     * numbers after every sequence it reached). Only an end that dropped an open segment raises it beyond that.
     */
    public long version() {
        return Math.max(contentVersion(), versionFloor);
    }

    private long contentVersion() {
        long sequence;
        long stage;
        if (open != null) {
            sequence = open.sequence();
            stage = 1 + openParts.size();
        } else if (!segments.isEmpty()) {
            sequence = last().sequence();
            stage = STAGES - 1;
        } else {
            return ended ? 1 : 0;
        }
        return ((sequence * STAGES + stage) << 1 | (ended ? 1 : 0)) + 2;
    }

    /** The last {@code count} complete segments (with their parts), the open segment and whether it ended. */
    public PlaylistTail tail(int count) {
        List<HlsSegment> recent = segments.subList(Math.max(0, segments.size() - count), segments.size());
        return new PlaylistTail(version(), recent, openSnapshot(), ended);
    }

    /**
     * Applies another process's {@link #tail}: appends its complete segments after our last one, replaces the parts of
     * the recent ones we have, takes its open segment and end. A tail whose version is not newer is ignored (late,
     * repeated or out of order: a newer one carried its content). Answers false, changing nothing, when the tail
     * does not connect (its oldest segment is beyond our next sequence: segments were missed); the caller then
     * reloads the playlist from storage with {@link #parse} and merges again. An empty playlist takes any tail.
     */
    public boolean merge(PlaylistTail tail) {
        if (tail.version() <= version()) {
            return true;
        }
        if (!connects(tail)) {
            return false;
        }
        long lastSequence = segments.isEmpty() ? Long.MIN_VALUE : last().sequence();
        for (HlsSegment s : tail.segments()) {
            if (s.sequence() > lastSequence) {
                append(s);
            } else if (ll != null && !s.parts().isEmpty()) {
                int i = indexOf(s.sequence());
                if (i >= 0 && segments.size() - i <= ll.partSegments() + PARTS_KEPT_BEYOND_LISTED) {
                    segments.set(i, segments.get(i).withParts(s.parts()));
                }
            }
        }
        open = null;
        openParts.clear();
        OpenSegment o = tail.open();
        if (o != null && !tail.ended()) {
            open = new OpenSegment(o.sequence(), o.programDateTime(), o.mapUri(), o.discontinuity(), List.of());
            openParts.addAll(o.parts());
        }
        ended = tail.ended();
        versionFloor = Math.max(versionFloor, tail.version());
        return true;
    }

    private boolean connects(PlaylistTail tail) {
        HlsSegment prev = last();
        List<HlsSegment> in = tail.segments();
        if (prev != null && !in.isEmpty() && in.get(0).sequence() > prev.sequence() + 1) {
            return false;
        }
        for (HlsSegment s : in) {
            if (prev == null || s.sequence() > prev.sequence()) {
                if (!follows(prev, s.sequence(), s.discontinuity())) {
                    return false;
                }
                prev = s;
            }
        }
        OpenSegment o = tail.open();
        return o == null
                || tail.ended()
                || follows(prev, o.sequence(), o.discontinuity()) && (prev == null || o.sequence() > prev.sequence());
    }

    private int indexOf(long sequence) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            long s = segments.get(i).sequence();
            if (s == sequence) {
                return i;
            }
            if (s < sequence) {
                return -1;
            }
        }
        return -1;
    }

    /** The classic text (no parts, no LL-HLS tags): what goes to storage and what classic players read. */
    public String render() {
        return MediaPlaylistRenderer.classic(this);
    }

    /**
     * The LL-HLS text: EXT-X-SERVER-CONTROL, EXT-X-PART-INF, the parts of the last {@code partSegments} complete
     * segments and of the open one, EXT-X-PRELOAD-HINT for the next part while not ended, EXT-X-SKIP for a delta
     * update, the rendition reports. The classic text for a classic playlist.
     */
    public String render(RenderOptions options) {
        return ll == null ? render() : MediaPlaylistRenderer.lowLatency(this, options);
    }

    // What the renderer reads.

    int configuredTargetDuration() {
        return targetDuration;
    }

    List<HlsSegment> segments() {
        return segments;
    }

    long discontinuitySequence() {
        return discontinuitySequence;
    }

    void addDiscontinuitySequence(long count) {
        discontinuitySequence += count;
    }

    void markEnded() {
        ended = true;
    }

    /** The segment being written with its parts, or null. */
    OpenSegment openSnapshot() {
        return open == null
                ? null
                : new OpenSegment(
                        open.sequence(), open.programDateTime(), open.mapUri(), open.discontinuity(), openParts);
    }

    private HlsSegment last() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }
}
