package org.millrace.auth;

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
        this.windows = new BoundedLru<>(maxKeys);
    }

    /** Counts one event for {@code key}; the seconds to wait when that goes over the limit. */
    synchronized OptionalLong hit(String key) {
        Window window = current(key);
        window.count++;
        return window.count > limit.max() ? OptionalLong.of(secondsLeft(window)) : OptionalLong.empty();
    }

    /**
     * Counts one event for {@code key} only if the window has room for it, in one step, so that of any number of
     * concurrent callers at most the limit get through; the others get the seconds to wait and count nothing.
     */
    synchronized OptionalLong reserve(String key) {
        Window window = current(key);
        if (window.count >= limit.max()) {
            return OptionalLong.of(secondsLeft(window));
        }
        window.count++;
        return OptionalLong.empty();
    }

    /** Takes back one reserved event of the current window (a reservation that turned out not to be needed). */
    synchronized void release(String key) {
        Window window = windows.get(key);
        if (window != null && !expired(window) && window.count > 0) {
            window.count--;
        }
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
