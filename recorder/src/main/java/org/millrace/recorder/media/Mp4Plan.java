package org.millrace.recorder.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Which stored segments make each part of the MP4: one part per run of consecutive video segments of one init, so
 * both a resume (a new init) and a missing segment start a new part, which the remuxer appends with the timeline
 * closed up. Each part's audio is the audio rendition's segments over the same sequences (up to the next epoch for
 * the last run of an epoch: audio often ends a segment later), all of one init.
 */
final class Mp4Plan {
    private Mp4Plan() {
    }

    /** One part: video segments (one init, consecutive) and the audio beside them (possibly empty). */
    record Part(List<SessionInventory.Segment> video, List<SessionInventory.Segment> audio) {
    }

    static List<Part> parts(SessionInventory.Rendition video, SessionInventory.Rendition audio) {
        List<List<SessionInventory.Segment>> runs = new ArrayList<>();
        List<SessionInventory.Segment> run = null;
        SessionInventory.Segment previous = null;
        for (SessionInventory.Segment s : video.segments()) {
            if (previous == null || s.init() != previous.init() || s.sequence() != previous.sequence() + 1) {
                run = new ArrayList<>();
                runs.add(run);
            }
            run.add(s);
            previous = s;
        }
        List<Part> parts = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            List<SessionInventory.Segment> r = runs.get(i);
            long from = r.get(0).sequence();
            long last = r.get(r.size() - 1).sequence();
            boolean epochEnds = i + 1 == runs.size() || runs.get(i + 1).get(0).init() != r.get(0).init();
            long until = !epochEnds ? last + 1 : i + 1 < runs.size() ? runs.get(i + 1).get(0).sequence() : Long.MAX_VALUE;
            parts.add(new Part(List.copyOf(r), audio == null ? List.of() : audioBetween(audio, from, until)));
        }
        return parts;
    }

    /** Audio segments with sequences in [from, until), stopping at the first of another init. */
    private static List<SessionInventory.Segment> audioBetween(SessionInventory.Rendition audio, long from,
                                                               long until) {
        List<SessionInventory.Segment> out = new ArrayList<>();
        for (SessionInventory.Segment s : audio.segments()) {
            if (s.sequence() >= from && s.sequence() < until) {
                if (!out.isEmpty() && out.get(0).init() != s.init()) {
                    break;
                }
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
