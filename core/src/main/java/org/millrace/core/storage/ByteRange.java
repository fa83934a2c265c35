package org.millrace.core.storage;

import java.util.Optional;

/**
 * A byte range of an object: {@code length} bytes from {@code offset}, or to the end when length is -1.
 */
public record ByteRange(long offset, long length) {

    public static final long TO_END = -1;

    public ByteRange {
        if (offset < 0) {
            throw new IllegalArgumentException("range offset must be >= 0: " + offset);
        }
        if (length < TO_END) {
            throw new IllegalArgumentException("range length must be >= 0 or -1 (to the end): " + length);
        }
    }

    /** From {@code offset} to the end of the object. */
    public static ByteRange from(long offset) {
        return new ByteRange(offset, TO_END);
    }

    public static ByteRange of(long offset, long length) {
        return new ByteRange(offset, length);
    }

    public boolean toEnd() {
        return length == TO_END;
    }

    /**
     * The concrete range served from an object of {@code totalSize} bytes: the end is clamped to the size.
     * A start at or past the end is unsatisfiable, except offset 0 of an empty object, which is the empty range.
     */
    public ByteRange resolve(long totalSize) {
        if (offset == 0 && totalSize == 0) {
            return new ByteRange(0, 0);
        }
        if (offset >= totalSize) {
            throw new RangeNotSatisfiableException(
                    "range start " + offset + " is not before the object size " + totalSize, totalSize);
        }
        long available = totalSize - offset;
        return new ByteRange(offset, toEnd() ? available : Math.min(length, available));
    }

    /** Inclusive index of the last byte, for a resolved range with length > 0. */
    public long lastByte() {
        if (length <= 0) {
            throw new IllegalStateException("range has no last byte: " + this);
        }
        return offset + length - 1;
    }

    /** The value of an HTTP {@code Content-Range} header for this resolved range of an object of totalSize bytes. */
    public String contentRange(long totalSize) {
        return "bytes " + offset + "-" + lastByte() + "/" + totalSize;
    }

    /**
     * Parses an HTTP {@code Range} header holding a single {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
     * Returns the resolved range, or empty when the header is absent, malformed or asks for several ranges
     * (RFC 9110 lets a server ignore such a header and send the whole object).
     *
     * @throws RangeNotSatisfiableException when the range starts at or after the end, or is an empty suffix
     */
    public static Optional<ByteRange> fromHttpHeader(String rangeHeader, long totalSize) {
        if (rangeHeader == null) {
            return Optional.empty();
        }
        String header = rangeHeader.trim();
        if (header.length() < 6 || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) {
            return suffix(last, totalSize);
        }
        Long start = parseDigits(first);
        Long end = last.isEmpty() ? Long.valueOf(-1) : parseDigits(last);
        if (start == null || end == null || (end >= 0 && end < start)) {
            return Optional.empty();
        }
        if (start >= totalSize) {
            throw new RangeNotSatisfiableException(
                    "range start " + start + " is not before the object size " + totalSize, totalSize);
        }
        ByteRange requested = end < 0 ? from(start) : of(start, end - start + 1);
        return Optional.of(requested.resolve(totalSize));
    }

    private static Optional<ByteRange> suffix(String digits, long totalSize) {
        Long n = parseDigits(digits);
        if (n == null) {
            return Optional.empty();
        }
        if (n == 0 || totalSize == 0) {
            throw new RangeNotSatisfiableException(
                    "suffix range of " + n + " bytes of a " + totalSize + "-byte object is empty", totalSize);
        }
        long count = Math.min(n, totalSize);
        return Optional.of(of(totalSize - count, count));
    }

    /** Non-negative decimal, or null; a value too large for a long is treated as malformed. */
    private static Long parseDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
