package org.millrace.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts events per key in fixed windows, in memory, remembering at most {@code maxKeys} keys: when full, the key
 * touched longest ago is forgotten, so a flood of distinct keys costs bounded memory (and at worst forgets a count).
 */
final class WindowCounters {
    private final RateLimit limit;
    private final LongSupplier clockMillis;
    private final Map<String, Window> windows;

    WindowCounters(RateLimit limit, int maxKeys, LongSupplier clockMillis) {
        this.limit = limit;
        this.clockMillis = clockMillis;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Counts one event for {@code key}; the seconds to wait when that goes over the limit. */
    synchronized OptionalLong hit(String key) {
        Window window = current(key);
        window.count++;
        return window.count > limit.max() ? OptionalLong.of(secondsLeft(window)) : OptionalLong.empty();
    }

    /** The seconds to wait when {@code key} has already used up its window, without counting anything. */
    synchronized OptionalLong exhausted(String key) {
        Window window = windows.get(key);
        if (window == null || expired(window)) {
            return OptionalLong.empty();
        }
        return window.count >= limit.max() ? OptionalLong.of(secondsLeft(window)) : OptionalLong.empty();
    }

    synchronized void reset(String key) {
        windows.remove(key);
    }

    synchronized int size() {
        return windows.size();
    }

    private Window current(String key) {
        Window window = windows.get(key);
        if (window == null || expired(window)) {
            window = new Window(clockMillis.getAsLong());
            windows.put(key, window);
        }
        return window;
    }

    private boolean expired(Window window) {
        return clockMillis.getAsLong() - window.startMillis >= limit.window().toMillis();
    }

    private long secondsLeft(Window window) {
        long left = window.startMillis + limit.window().toMillis() - clockMillis.getAsLong();
        return Math.max(1, (left + 999) / 1000);
    }

    private static final class Window {
        final long startMillis;
        int count;

        Window(long startMillis) {
            this.startMillis = startMillis;
        }
    }
}
