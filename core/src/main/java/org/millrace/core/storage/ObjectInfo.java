package org.millrace.core.storage;

import java.time.Instant;
import java.util.Objects;

/** Metadata of one stored object, as returned by stat and list. */
public record ObjectInfo(String key, long size, String contentType, String etag, Instant lastModified) {

    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
    }
}
