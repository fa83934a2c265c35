package org.millrace.srt.crypto;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Runs a listener's passphrase key derivations (PBKDF2, milliseconds each) on a few worker threads with a bounded
 * queue, so they never stall the event loop and a flood of encrypted handshakes cannot queue unbounded work: when the
 * queue is full a derivation is refused at once and the caller answers "busy".
 */
public final class KeyDerivationPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final AtomicLong derivations;

    /** {@code derivations} counts each derivation run. */
    public KeyDerivationPool(int threads, int queue, AtomicLong derivations) {
        this.derivations = derivations;
        AtomicInteger index = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "srt-key-derivation-" + index.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Derives the key encrypting key for {@code km} on a worker, then hands it (or the failure) to {@code then} on
     * {@code loop}. Returns false, running nothing, when the queue is full.
     */
    public boolean derive(
            String passphrase, KeyMaterial km, Executor loop, BiConsumer<KeyEncryptingKey, Throwable> then) {
        try {
            executor.execute(() -> {
                KeyEncryptingKey kek = null;
                Throwable failure = null;
                try {
                    derivations.incrementAndGet();
                    kek = KeyEncryptingKey.deriveFor(passphrase, km);
                } catch (RuntimeException e) {
                    failure = e;
                }
                KeyEncryptingKey result = kek;
                Throwable error = failure;
                try {
                    loop.execute(() -> then.accept(result, error));
                } catch (RejectedExecutionException e) {
                    // The listener is closing: nobody waits for the answer.
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
