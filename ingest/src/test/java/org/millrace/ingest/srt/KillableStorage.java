package org.millrace.ingest.srt;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageObject;

/**
 * One node's access to the shared storage, which ends when the test kills the node: a killed process writes nothing
 * more, so after {@link #kill()} every call fails.
 */
final class KillableStorage implements Storage {
    private final Storage delegate;
    private volatile boolean killed;

    KillableStorage(Storage delegate) {
        this.delegate = delegate;
    }

    void kill() {
        killed = true;
    }

    private void alive() {
        if (killed) {
            throw new StorageException("this node is dead", null);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        alive();
        delegate.put(key, file, contentType);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        alive();
        delegate.put(key, bytes, contentType);
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
        alive();
        delegate.put(key, in, length, contentType);
    }

    @Override
    public StorageObject get(String key) {
        alive();
        return delegate.get(key);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        alive();
        return delegate.get(key, range);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        alive();
        return delegate.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        alive();
        return delegate.list(prefix);
    }

    @Override
    public int deleteByPrefix(String prefix) {
        alive();
        return delegate.deleteByPrefix(prefix);
    }

    @Override
    public boolean delete(String key) {
        alive();
        return delegate.delete(key);
    }

    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        return delegate.directUrl(key, ttl);
    }

    @Override
    public void ping() {
        alive();
        delegate.ping();
    }

    @Override
    public String describe() {
        return "killable " + delegate.describe();
    }

    @Override
    public void close() {
        // the shared storage is closed by its owner
    }
}
