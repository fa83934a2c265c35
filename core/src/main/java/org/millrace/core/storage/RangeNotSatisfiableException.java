package org.millrace.core.storage;

/** Thrown when a requested byte range starts at or beyond the end of the object (HTTP 416). */
public class RangeNotSatisfiableException extends StorageException {

    private final long totalSize;

    public RangeNotSatisfiableException(String message, long totalSize) {
        super(message);
        this.totalSize = totalSize;
    }

    /** Size of the object, for a {@code Content-Range: bytes *}{@code /size} reply; -1 when unknown. */
    public long totalSize() {
        return totalSize;
    }
}
