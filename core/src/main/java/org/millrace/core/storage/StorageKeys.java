package org.millrace.core.storage;

import java.nio.charset.StandardCharsets;

/** Validation of object keys and list prefixes, shared by every backend so they accept exactly the same names. */
public final class StorageKeys {

    /** S3's limit, in UTF-8 bytes; applied locally too so a key valid on one backend is valid on all. */
    public static final int MAX_KEY_BYTES = 1024;

    /** LocalStorage writes temporary files with this name prefix; refusing it keeps them out of the key space. */
    public static final String RESERVED_SEGMENT_PREFIX = ".tmp-";

    private StorageKeys() {}

    /** Returns the key unchanged or throws {@link InvalidKeyException}. */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException("storage key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidKeyException("storage key longer than " + MAX_KEY_BYTES + " bytes: "
                    + printable(key.substring(0, Math.min(64, key.length()))) + "...");
        }
        if (key.charAt(0) == '/') {
            throw invalid(key, "must not start with '/'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(key, "contains a control character");
            }
            if (c == '\\') {
                throw invalid(key, "contains a backslash");
            }
        }
        // split with limit -1 keeps trailing empty segments, so "a/" and "a//b" are caught here.
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(key, "contains an empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "contains a '.' or '..' segment");
            }
            if (segment.startsWith(RESERVED_SEGMENT_PREFIX)) {
                throw invalid(key, "uses the reserved name prefix " + RESERVED_SEGMENT_PREFIX);
            }
        }
        return key;
    }

    /** Like {@link #validate} but also accepts "" (everything) and a trailing '/'. */
    public static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidKeyException("storage prefix must not be null (use \"\" for everything)");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    private static InvalidKeyException invalid(String key, String why) {
        return new InvalidKeyException("invalid storage key '" + printable(key) + "': " + why);
    }

    /** Keeps control characters out of log lines and exception messages. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
