package org.millrace.recorder.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Which stored segments make each part of the MP4: one part per run of consecutive video segments of one init, so
 * both a resume (a new init) and a missing segment start a new part, which the remuxer appends with the timeline
 * closed up. Each part's audio is the audio rendition's segments of the same epoch over the same sequences (up to the
 * next epoch for the last run of an epoch: audio often ends a segment later). Each rendition numbers on from its own
 * last segment after a reconnect, so within an epoch the audio's sequences are the video's shifted by the difference
 * of the two epochs' first sequences (their init numbers); with as many epochs in both, the n-th inits pair up.
 */
final class Mp4Plan {
    private Mp4Plan() {}

    /** One part: video segments (one init, consecutive) and the audio beside them (possibly empty). */
    record Part(List<SessionInventory.Segment> video, List<SessionInventory.Segment> audio) {}

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
        boolean pairedEpochs =
                audio != null && audio.inits().size() == video.inits().size();
        List<Part> parts = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            List<SessionInventory.Segment> r = runs.get(i);
            long from = r.get(0).sequence();
            long last = r.get(r.size() - 1).sequence();
            boolean epochEnds = i + 1 == runs.size()
                    || runs.get(i + 1).get(0).init() != r.get(0).init();
            long until = !epochEnds ? last + 1 : Long.MAX_VALUE;
            SessionInventory.Init audioInit = null;
            long shift = 0;
            if (pairedEpochs) {
                SessionInventory.Init videoInit = r.get(0).init();
                audioInit = audio.inits().get(video.inits().indexOf(videoInit));
                shift = audioInit.sequence() - videoInit.sequence();
            } else if (epochEnds && i + 1 < runs.size()) {
                until = runs.get(i + 1).get(0).sequence(); // epochs unpaired: numbering taken as shared
            }
            parts.add(new Part(
                    List.copyOf(r),
                    audio == null
                            ? List.of()
                            : audioBetween(
                                    audio, audioInit, from + shift, until == Long.MAX_VALUE ? until : until + shift)));
        }
        return parts;
    }

    /**
     * Audio segments with sequences in [from, until) of {@code init} (null: of whichever init the first one has,
     * stopping at the first of another).
     */
    private static List<SessionInventory.Segment> audioBetween(
            SessionInventory.Rendition audio, SessionInventory.Init init, long from, long until) {
        List<SessionInventory.Segment> out = new ArrayList<>();
        for (SessionInventory.Segment s : audio.segments()) {
            if (s.sequence() >= from && s.sequence() < until) {
                if (init != null
                        ? s.init() != init
                        : !out.isEmpty() && out.get(0).init() != s.init()) {
                    if (init == null) {
                        break;
                    }
                    continue;
                }
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
