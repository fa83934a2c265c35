package org.millrace.vod;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.millrace.core.bus.ServiceException;

/**
 * The opaque {@code nextCursor} of the video list: the sort it belongs to and the last item's position in it (its
 * count for views and likes, then its insertion sequence, which breaks ties and is unique). Opaque so clients do
 * not build it and the ordering can change behind it.
 *
 * @param key the views or likes of the last item (0 for {@link VideoSort#NEW})
 */
public record VideoCursor(VideoSort sort, long key, long seq) {
    private static final String VERSION = "v1";

    public static VideoCursor after(VideoSort sort, VideoRow last) {
        long key =
                switch (sort) {
                    case NEW -> 0;
                    case VIEWS -> last.views();
                    case LIKES -> last.likes();
                };
        return new VideoCursor(sort, key, last.seq());
    }

    public String encode() {
        String text = VERSION + ":" + sort.wireName() + ":" + key + ":" + seq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor, when it is one this API gave out for the same sort; a 400 {@code invalid_cursor} otherwise. */
    public static VideoCursor decode(String cursor, VideoSort expectedSort) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 4 && parts[0].equals(VERSION) && parts[1].equals(expectedSort.wireName())) {
                long key = Long.parseLong(parts[2]);
                long seq = Long.parseLong(parts[3]);
                if (key >= 0 && seq > 0) {
                    return new VideoCursor(expectedSort, key, seq);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException included: reported below like any other bad cursor
        }
        throw ServiceException.badRequest("invalid_cursor", "the cursor is not one this API gave out for this sort");
    }
}
