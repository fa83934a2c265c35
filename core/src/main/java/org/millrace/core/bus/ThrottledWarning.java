package org.millrace.core.bus;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per period per key, with how many were held back since: a failure that hits every
 * request (a dependency down) costs a few log lines, not one per request. Keys are a fixed set (bus addresses).
 */
final class ThrottledWarning {
    private final Logger log;
    private final long periodNanos;
    private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> heldBack = new ConcurrentHashMap<>();

    ThrottledWarning(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    void report(String key, String message) {
        long now = System.nanoTime();
        AtomicLong last = lastLogged.computeIfAbsent(key, k -> new AtomicLong(now - periodNanos));
        AtomicLong held = heldBack.computeIfAbsent(key, k -> new AtomicLong());
        long previous = last.get();
        if (now - previous >= periodNanos && last.compareAndSet(previous, now)) {
            log.warn("{}: {} ({} more like it since the last line)", key, message, held.getAndSet(0));
        } else {
            held.incrementAndGet();
        }
    }
}
