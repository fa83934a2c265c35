package org.millrace.recorder;

import java.time.Duration;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageObject;
import org.millrace.core.testing.ForwardingStorage;

/**
 * Real storage reached over a slow link: every read waits {@code delay} first. Makes a real build last long enough
 * to be caught in the middle (a recorder killed mid-build) without touching the media path.
 */
final class ThrottledStorage extends ForwardingStorage {
    private final Duration delay;

    ThrottledStorage(Storage storage, Duration delay) {
        super(storage);
        this.delay = delay;
    }

    @Override
    public StorageObject get(String key) {
        pause(delay);
        return delegate.get(key);
    }

    @Override
    public StorageObject get(String key, ByteRange range) {
        pause(delay);
        return delegate.get(key, range);
    }

    @Override
    public String describe() {
        return delegate.describe() + " (reads delayed " + delay.toMillis() + " ms)";
    }
}
