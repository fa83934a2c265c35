package org.millrace.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.millrace.core.bus.ServiceException;

import io.vertx.core.Future;

/**
 * A small, bounded memory of recent service answers (a value or a {@link ServiceException}) by key, each kept for a
 * short time, so a burst of media requests costs one bus hop instead of one each. Thread-safe.
 */
final class RecentAnswers<V> {
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<String, Answer<V>> answers;

    RecentAnswers(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        // Access order: the least recently used key is forgotten first once the bound is reached.
        this.answers = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer<V>> eldest) {
                return size() > RecentAnswers.this.maxEntries;
            }
        };
    }

    RecentAnswers(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** The answer remembered for {@code key} if it is still fresh, as a completed future. */
    Optional<Future<V>> recent(String key) {
        return recent(key, ttlNanos);
    }

    /** The answer remembered for {@code key} if it is at most {@code maxAge} old (and still fresh). */
    Optional<Future<V>> recent(String key, Duration maxAge) {
        return recent(key, Math.min(ttlNanos, maxAge.toNanos()));
    }

    private synchronized Optional<Future<V>> recent(String key, long maxAgeNanos) {
        Answer<V> answer = answers.get(key);
        if (answer == null) {
            return Optional.empty();
        }
        long age = nanoClock.getAsLong() - answer.at();
        if (age > ttlNanos) {
            answers.remove(key);
            return Optional.empty();
        }
        if (age > maxAgeNanos) {
            return Optional.empty();
        }
        return Optional.of(answer.failure() != null ? Future.failedFuture(answer.failure())
                : Future.succeededFuture(answer.value()));
    }

    /**
     * Remembers how {@code lookup} ended for {@code key} and passes it on. Only values and 404s are remembered: a
     * timeout or a 503 says nothing about the key, and the next request should try again.
     */
    Future<V> remember(String key, Future<V> lookup) {
        return lookup.andThen(result -> {
            if (result.succeeded()) {
                put(key, new Answer<>(nanoClock.getAsLong(), result.result(), null));
            } else if (result.cause() instanceof ServiceException e && e.status() == 404) {
                put(key, new Answer<>(nanoClock.getAsLong(), null, e));
            } else {
                forget(key);
            }
        });
    }

    synchronized void forget(String key) {
        answers.remove(key);
    }

    synchronized int size() {
        return answers.size();
    }

    private synchronized void put(String key, Answer<V> answer) {
        answers.put(key, answer);
    }

    private record Answer<V>(long at, V value, ServiceException failure) {
    }
}
