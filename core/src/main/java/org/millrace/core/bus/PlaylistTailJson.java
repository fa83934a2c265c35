package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.OpenSegment;
import org.millrace.hls.PlaylistTail;

/**
 * The JSON of a {@link PlaylistTail} and what it holds (segments, the open segment, parts), field by field. Reading
 * checks every field and bounds every list, so a malformed tail is a {@link MalformedMessage} naming the field, never
 * a playlist that fails later when rendered.
 */
final class PlaylistTailJson {
    /** A tail carries the last few segments; a few hundred is far past any sender's. */
    static final int MAX_SEGMENTS = 256;
    /** Parts of one segment: a 30 s segment of 100 ms parts. */
    static final int MAX_PARTS = 300;
    /**
     * What a tail may name: a relative file name (or path below the rendition), written into every viewer's
     * playlist as is, so no line break, quote, space, scheme ({@code :}) or leading {@code /}.
     */
    private static final Pattern RELATIVE_URI = Pattern.compile("[A-Za-z0-9._~-][A-Za-z0-9._~/-]{0,199}");

    private PlaylistTailJson() {}

    static JsonObject write(PlaylistTail tail) {
        JsonArray segments = new JsonArray();
        for (HlsSegment s : tail.segments()) {
            segments.add(new JsonObject()
                    .put("sequence", s.sequence())
                    .put("duration", s.durationSeconds())
                    .put("uri", s.uri())
                    .put("programDateTime", MessageFields.text(s.programDateTime()))
                    .put("mapUri", s.mapUri())
                    .put("discontinuity", s.discontinuity())
                    .put("gap", s.gap())
                    .put("parts", parts(s.parts())));
        }
        JsonObject json = new JsonObject()
                .put("version", tail.version())
                .put("ended", tail.ended())
                .put("segments", segments);
        OpenSegment open = tail.open();
        if (open != null) {
            json.put(
                    "open",
                    new JsonObject()
                            .put("sequence", open.sequence())
                            .put("programDateTime", MessageFields.text(open.programDateTime()))
                            .put("mapUri", open.mapUri())
                            .put("discontinuity", open.discontinuity())
                            .put("parts", parts(open.parts())));
        }
        return json;
    }

    private static JsonArray parts(List<HlsPart> parts) {
        JsonArray list = new JsonArray();
        for (HlsPart p : parts) {
            list.add(new JsonObject()
                    .put("index", p.index())
                    .put("duration", p.durationSeconds())
                    .put("uri", p.uri())
                    .put("independent", p.independent())
                    .put("gap", p.gap()));
        }
        return list;
    }

    static PlaylistTail read(JsonObject json) {
        long version = MessageFields.present(MessageFields.whole(json, "version"), "version");
        JsonArray list = MessageFields.present(MessageFields.array(json, "segments"), "segments");
        if (list.size() > MAX_SEGMENTS) {
            throw new MalformedMessage("segments", "segments lists more than " + MAX_SEGMENTS);
        }
        List<HlsSegment> segments = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject s = MessageFields.element(list, i, "segments");
            segments.add(new HlsSegment(
                    sequence(s),
                    duration(s),
                    uri(s, "uri"),
                    MessageFields.requiredInstant(s, "programDateTime"),
                    mapUri(s),
                    MessageFields.bool(s, "discontinuity", false),
                    MessageFields.bool(s, "gap", false),
                    readParts(s)));
        }
        JsonObject o = MessageFields.object(json, "open");
        OpenSegment open = o == null
                ? null
                : new OpenSegment(
                        sequence(o),
                        MessageFields.requiredInstant(o, "programDateTime"),
                        mapUri(o),
                        MessageFields.bool(o, "discontinuity", false),
                        readParts(o));
        return new PlaylistTail(version, segments, open, MessageFields.bool(json, "ended", false));
    }

    private static List<HlsPart> readParts(JsonObject json) {
        JsonArray list = MessageFields.array(json, "parts");
        if (list == null) {
            return List.of();
        }
        if (list.size() > MAX_PARTS) {
            throw new MalformedMessage("parts", "parts lists more than " + MAX_PARTS);
        }
        List<HlsPart> parts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject p = MessageFields.element(list, i, "parts");
            long index = MessageFields.present(MessageFields.whole(p, "index"), "index");
            if (index != i) {
                // The preload hint and part requests count a segment's parts: the i-th part is index i.
                throw new MalformedMessage("index", "parts are numbered 0, 1, 2, ... in order");
            }
            parts.add(new HlsPart(
                    (int) index,
                    duration(p),
                    uri(p, "uri"),
                    MessageFields.bool(p, "independent", false),
                    MessageFields.bool(p, "gap", false)));
        }
        return parts;
    }

    private static String uri(JsonObject json, String field) {
        String uri = MessageFields.required(json, field);
        if (!RELATIVE_URI.matcher(uri).matches()) {
            throw new MalformedMessage(field, field + " must be a relative file name (letters, digits, . _ ~ - /)");
        }
        return uri;
    }

    private static String mapUri(JsonObject json) {
        return MessageFields.string(json, "mapUri") == null ? null : uri(json, "mapUri");
    }

    private static long sequence(JsonObject json) {
        long sequence = MessageFields.present(MessageFields.whole(json, "sequence"), "sequence");
        if (sequence < 0) {
            throw new MalformedMessage("sequence", "sequence must not be negative");
        }
        return sequence;
    }

    private static double duration(JsonObject json) {
        double duration = MessageFields.present(MessageFields.decimal(json, "duration"), "duration");
        if (!(duration >= 0) || Double.isInfinite(duration)) {
            throw new MalformedMessage("duration", "duration must be a non-negative number of seconds");
        }
        return duration;
    }
}
