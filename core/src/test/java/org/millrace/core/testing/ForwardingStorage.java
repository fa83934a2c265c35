package org.millrace.core.testing;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;

/**
 * A real storage passed through unchanged: tests extend it and override only the calls they slow down or break,
 * so every other call still reaches the real storage.
 */
public class ForwardingStorage implements Storage {
    protected final Storage delegate;

    public ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        delegate.put(key, file, contentType);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        delegate.put(key, bytes, contentType);
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
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
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Sleeps {@code delay}, keeping the interrupt for the caller to see. */
    protected static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
