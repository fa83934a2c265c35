package org.millrace.ingest.streams;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.millrace.core.bus.ServiceException;

/**
 * The opaque {@code nextCursor} of the stream list: the position (insertion sequence) after which the next page
 * starts. Opaque so clients do not build it and the ordering can change behind it.
 */
public final class StreamCursor {
    private static final String PREFIX = "s1:";

    private StreamCursor() {
    }

    public static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The sequence number in the cursor, or a 400 {@code invalid_cursor}. */
    public static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                long seq = Long.parseLong(text.substring(PREFIX.length()));
                if (seq > 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException included: reported below like any other bad cursor
        }
        throw ServiceException.badRequest("invalid_cursor", "the cursor is not one this API gave out");
    }
}
