package org.millrace.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last copy of each live playlist served successfully, least recently used evicted past a count or a byte
 * budget, so viewers can be answered while storage is down: a playlist that stops moving makes a player wait and
 * reload, an error makes it give up.
 */
final class LastGoodPlaylists {
    /** One kept playlist: what was sent, and as what. */
    record Copy(String contentType, byte[] body) {}

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    LastGoodPlaylists(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code body} as the last good copy of {@code key}; one larger than the whole budget is not kept. */
    synchronized void put(String key, String contentType, byte[] body) {
        Copy previous = copies.remove(key);
        if (previous != null) {
            bytes -= weight(key, previous);
        }
        Copy copy = new Copy(contentType, body);
        long weight = weight(key, copy);
        if (weight > maxBytes) {
            return;
        }
        copies.put(key, copy);
        bytes += weight;
        Iterator<Map.Entry<String, Copy>> eldest = copies.entrySet().iterator();
        while ((copies.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            Map.Entry<String, Copy> entry = eldest.next();
            bytes -= weight(entry.getKey(), entry.getValue());
            eldest.remove();
        }
    }

    synchronized Optional<Copy> get(String key) {
        return Optional.ofNullable(copies.get(key));
    }

    synchronized int size() {
        return copies.size();
    }

    /** The bytes accounted: bodies plus keys, so a flood of tiny entries is bounded too. */
    synchronized long bytes() {
        return bytes;
    }

    private static long weight(String key, Copy copy) {
        return copy.body().length + 2L * key.length() + 64;
    }
}
