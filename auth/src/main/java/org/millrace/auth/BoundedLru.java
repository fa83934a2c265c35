package org.millrace.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code maxKeys} entries that forgets the one touched longest ago, so per-client state stays
 * bounded however many distinct clients, accounts or names a flood brings. Not thread-safe: its owner locks.
 */
final class BoundedLru<V> extends LinkedHashMap<String, V> {
    private static final long serialVersionUID = 1L;
    private final int maxKeys;

    BoundedLru(int maxKeys) {
        super(16, 0.75f, true);
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > maxKeys;
    }
}
