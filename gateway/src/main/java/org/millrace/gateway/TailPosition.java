package org.millrace.gateway;

import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.OpenSegment;
import org.millrace.hls.PlaylistTail;
import org.millrace.hls.RenditionReport;

/**
 * What a rendition's latest {@link PlaylistTail} says about a part request, and the rendition report it makes for
 * its siblings, without keeping the rendition's whole playlist.
 */
final class TailPosition {
    /** Where a requested part {@code <seq>.<i>.m4s} stands against the live edge. */
    enum Part {
        /** Listed: it is in storage. */
        ANNOUNCED,
        /** Before the edge but not in the tail (an older part, or one that never existed): storage decides. */
        BEHIND,
        /** The next part (the preload hint, or the first part of the next segment): not written yet. */
        NEXT,
        /** Further ahead than the next part: not a request a player makes. */
        FAR
    }

    private TailPosition() {}

    static Part of(PlaylistTail tail, long sequence, int index) {
        for (HlsSegment s : tail.segments()) {
            if (s.sequence() == sequence && listed(s.parts(), index)) {
                return Part.ANNOUNCED;
            }
        }
        OpenSegment open = tail.open();
        if (open != null && open.sequence() == sequence && listed(open.parts(), index)) {
            return Part.ANNOUNCED;
        }
        long nextSequence;
        int nextIndex;
        if (open != null && !tail.ended()) {
            nextSequence = open.sequence();
            nextIndex = open.parts().size();
        } else if (!tail.segments().isEmpty()) {
            nextSequence = tail.segments().get(tail.segments().size() - 1).sequence() + 1;
            nextIndex = 0;
        } else {
            return Part.BEHIND; // nothing known: storage answers
        }
        if (sequence < nextSequence || (sequence == nextSequence && index < nextIndex)) {
            return Part.BEHIND;
        }
        if (tail.ended()) {
            return Part.FAR;
        }
        boolean next = (sequence == nextSequence && index == nextIndex) || (sequence == nextSequence + 1 && index == 0);
        return next ? Part.NEXT : Part.FAR;
    }

    /**
     * The part a request for {@code <sequence>.<index>} means: the same, except the one after the last part of a
     * segment that has ended, which is the next segment's first part. A preload hint names the next part of the open
     * segment before the transcoder knows that the segment ends there (a keyframe, or the audio grid, decides with
     * the next frame); players that fetch hints as parts (Shaka) must still get that media, not a 404.
     *
     * @return {sequence, index} of the part to serve
     */
    static long[] resolve(PlaylistTail tail, long sequence, int index) {
        for (HlsSegment s : tail.segments()) {
            if (s.sequence() == sequence
                    && !s.parts().isEmpty()
                    && index == s.parts().size()) {
                return new long[] {sequence + 1, 0};
            }
        }
        return new long[] {sequence, index};
    }

    private static boolean listed(java.util.List<HlsPart> parts, int index) {
        for (HlsPart p : parts) {
            if (p.index() == index) {
                return !p.gap();
            }
        }
        return false;
    }

    /** The rendition's newest part as a sibling reports it, or null while the tail lists nothing. */
    static RenditionReport report(String uri, PlaylistTail tail) {
        OpenSegment open = tail.open();
        if (open != null && !open.parts().isEmpty() && !tail.ended()) {
            return new RenditionReport(uri, open.sequence(), open.parts().size() - 1);
        }
        if (tail.segments().isEmpty()) {
            return null;
        }
        HlsSegment last = tail.segments().get(tail.segments().size() - 1);
        return new RenditionReport(
                uri, last.sequence(), last.parts().isEmpty() ? -1 : last.parts().size() - 1);
    }
}
