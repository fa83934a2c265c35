package org.millrace.core.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Blocking object storage for segments, playlists and recordings; call it from worker threads, never an event loop.
 *
 * <p>Keys are '/'-separated relative names checked by {@link StorageKeys}; every method throws
 * {@link InvalidKeyException} for a bad key and {@link StorageException} for backend failures.
 * A null content type on put means "derive it from the key" ({@link MediaTypes#forKey}).
 */
public interface Storage extends AutoCloseable {

    void put(String key, Path file, String contentType);

    void put(String key, byte[] bytes, String contentType);

    /** Stores {@code length} bytes from {@code in} (-1 when unknown); does not close {@code in}. */
    void put(String key, InputStream in, long length, String contentType);

    /** @throws StorageNotFoundException when the key does not exist */
    StorageObject get(String key);

    /**
     * Reads a range; the end is clamped to the object size.
     *
     * @throws StorageNotFoundException     when the key does not exist
     * @throws RangeNotSatisfiableException when the range starts at or after the end of the object
     */
    StorageObject get(String key, ByteRange range);

    Optional<ObjectInfo> stat(String key);

    /** Every object whose key starts with {@code prefix} (plain string prefix, recursive), sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** Deletes every object whose key starts with {@code prefix}; returns how many were deleted. */
    int deleteByPrefix(String prefix);

    /** Returns whether the object existed. */
    boolean delete(String key);

    /** A URL a client can GET the object from without going through us, valid for about {@code ttl}. */
    Optional<URI> directUrl(String key, Duration ttl);

    /** @throws StorageException when the backend is unreachable or unusable */
    void ping();

    /** Human-readable description for logs; never contains secrets. */
    String describe();

    @Override
    void close();
}
