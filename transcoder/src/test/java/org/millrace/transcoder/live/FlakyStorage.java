package org.millrace.transcoder.live;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.testing.ForwardingStorage;

/** A storage that is slow for every put and fails puts of the keys a predicate picks; reads go to the delegate. */
class FlakyStorage extends ForwardingStorage {
    private final Duration putDelay;
    private final Predicate<String> failing;

    FlakyStorage(Storage delegate, Duration putDelay, Predicate<String> failing) {
        super(delegate);
        this.putDelay = putDelay;
        this.failing = failing;
    }

    private void before(String key) {
        pause(putDelay);
        if (failing.test(key)) {
            throw new StorageException("injected failure for " + key, null);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        before(key);
        delegate.put(key, file, contentType);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        before(key);
        delegate.put(key, bytes, contentType);
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
        before(key);
        delegate.put(key, in, length, contentType);
    }

    @Override
    public String describe() {
        return "flaky " + delegate.describe();
    }
}
