package org.millrace.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An open object body with its metadata; close it to release the file handle or HTTP connection.
 *
 * @param body          the bytes of the object, or of the served range
 * @param contentLength number of bytes in {@code body}
 * @param totalSize     size of the whole object
 * @param contentType   content type of the object
 * @param range         the resolved range served, empty when the whole object was asked for
 * @param etag          opaque version tag, without quotes
 * @param lastModified  last modification time, may be null if the backend does not say
 */
public record StorageObject(
        InputStream body,
        long contentLength,
        long totalSize,
        String contentType,
        Optional<ByteRange> range,
        String etag,
        Instant lastModified)
        implements AutoCloseable {

    public StorageObject {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(range, "range");
    }

    /** True when this is a range of the object rather than all of it (HTTP 206). */
    public boolean partial() {
        return range.isPresent();
    }

    /**
     * The open local file and region behind the body when the backend is a local directory, so a server can send it
     * with {@code sendfile}; empty for a body that must be streamed (S3).
     */
    public Optional<FileBody> file() {
        return body instanceof FileBody local ? Optional.of(local) : Optional.empty();
    }

    /** Reads the whole body into memory; for small objects such as playlists. Does not close. */
    public byte[] readAllBytes() {
        try {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
