package org.millrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.millrace.core.bus.ServiceException;

/**
 * A small, bounded memory of recent service answers (a value or a {@link ServiceException}) by key, each kept for a
 * short time, so a burst of media requests costs one bus hop instead of one each. Thread-safe.
 */
final class RecentAnswers<V> {
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<String, Answer<V>> answers;
    /** Lookups under way: as many as distinct keys being asked at once, each removed when it ends. */
    private final Map<String, Future<V>> inFlight = new HashMap<>();

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
        return Optional.of(
                answer.failure() != null
                        ? Future.failedFuture(answer.failure())
                        : Future.succeededFuture(answer.value()));
    }

    /**
     * The lookup of {@code key} already under way, or a new one from {@code lookup}, remembered as {@link #remember}
     * says. Joining the one in flight is what keeps a popular key cheap when its answer runs out: the hundreds of
     * requests arriving before the service answers wait for one bus hop instead of sending one each (and queueing
     * behind each other at the service). A joiner gets an answer asked at most one round trip before it arrived.
     */
    Future<V> ask(String key, Supplier<Future<V>> lookup) {
        Future<V> pending;
        synchronized (this) {
            pending = inFlight.get(key);
        }
        if (pending != null) {
            return onCallersLoop(pending);
        }
        Promise<V> promise = Promise.promise();
        synchronized (this) {
            inFlight.put(key, promise.future());
        }
        remember(key, lookup.get()).onComplete(result -> {
            synchronized (this) {
                inFlight.remove(key);
            }
            promise.handle(result);
        });
        return promise.future();
    }

    /**
     * The joined lookup's outcome on the joiner's own event loop: the lookup completes on the loop of whoever asked
     * first, and the gateway's loops each serve their own connections.
     */
    private static <V> Future<V> onCallersLoop(Future<V> pending) {
        Context caller = Vertx.currentContext();
        if (caller == null || pending.isComplete()) {
            return pending;
        }
        Promise<V> relayed = Promise.promise();
        pending.onComplete(result -> Loops.runOn(caller, () -> relayed.handle(result)));
        return relayed.future();
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

    private record Answer<V>(long at, V value, ServiceException failure) {}
}
