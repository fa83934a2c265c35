package org.millrace.recorder;

import java.net.URI;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;

/**
 * Real storage reached over a slow link: every read waits {@code delay} first. Makes a real build last long enough
 * to be caught in the middle (a recorder killed mid-build) without touching the media path.
 */
final class ThrottledStorage implements Storage {
    private final Storage storage;
    private final Duration delay;

    ThrottledStorage(Storage storage, Duration delay) {
        this.storage = storage;
        this.delay = delay;
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void put(String key, Path file, String contentType) {
        storage.put(key, file, contentType);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        storage.put(key, bytes, contentType);
    }

    @Override
    public void put(String key, InputStream in, long length, String contentType) {
        storage.put(key, in, length, contentType);
    }

    @Override
    public StorageObject get(String key) {
        pause();
        return storage.get(key);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        pause();
        return storage.get(key, range);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return storage.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return storage.list(prefix);
    }

    @Override
    public int deleteByPrefix(String prefix) {
        return storage.deleteByPrefix(prefix);
    }

    @Override
    public boolean delete(String key) {
        return storage.delete(key);
    }

    @Override
    public Optional<URI> directUrl(String key, Duration ttl) {
        return storage.directUrl(key, ttl);
    }

    @Override
    public void ping() {
        storage.ping();
    }

    @Override
    public String describe() {
        return storage.describe() + " (reads delayed " + delay.toMillis() + " ms)";
    }

    @Override
    public void close() {
        storage.close();
    }
}
