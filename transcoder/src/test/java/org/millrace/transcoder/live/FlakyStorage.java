package org.millrace.transcoder.live;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;

/** A storage that is slow for every put and fails puts of the keys a predicate picks; reads go to the delegate. */
class FlakyStorage implements Storage {
    private final Storage delegate;
    private final Duration putDelay;
    private final Predicate<String> failing;

    FlakyStorage(Storage delegate, Duration putDelay, Predicate<String> failing) {
        this.delegate = delegate;
        this.putDelay = putDelay;
        this.failing = failing;
    }

    private void before(String key) {
        try {
            Thread.sleep(putDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
    public StorageObject get(String key) {
        return delegate.get(key);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        return delegate.get(key, range);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public int deleteByPrefix(String prefix) {
        return delegate.deleteByPrefix(prefix);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        return delegate.directUrl(key, ttl);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public String describe() {
        return "flaky " + delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
