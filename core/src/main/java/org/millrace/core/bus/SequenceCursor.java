package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The opaque {@code nextCursor} of a list ordered by insertion sequence: base64 of a tag naming the list and the last
 * row's {@code seq}. Opaque so clients do not build it and the ordering can change behind it; the tag keeps one
 * list's cursor from being taken for another's.
 *
 * @param tag what the encoded text starts with, e.g. {@code "s1:"} for streams
 */
public record SequenceCursor(String tag) {
    public String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((tag + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One page of a list read with one row more than {@code limit} (the extra row only tells that a next page
     * exists): {@code {items, nextCursor}}, the cursor after the page's last row, or null on the last page.
     */
    public <R> JsonObject page(List<R> rows, int limit, ToLongFunction<R> seqOf, Function<R, Object> toJson) {
        List<R> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        JsonArray items = new JsonArray();
        page.forEach(row -> items.add(toJson.apply(row)));
        String next = rows.size() > limit ? encode(seqOf.applyAsLong(page.get(page.size() - 1))) : null;
        return new JsonObject().put("items", items).put("nextCursor", next);
    }

    /** The sequence number of the request's {@code ?cursor=}: null for the first page, a 400 when not ours. */
    public Long after(ServiceRequest request) {
        return request.queryParam("cursor").map(this::decode).orElse(null);
    }

    /** The sequence number in the cursor, or a 400 {@code invalid_cursor}. */
    public long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(tag)) {
                long seq = Long.parseLong(text.substring(tag.length()));
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
