package org.millrace.vod;

import java.util.Locale;
import java.util.Optional;

/** Who may see a video: anyone and listed, anyone with the link, or only its owner (and admins). */
public enum Visibility {
    PUBLIC,
    UNLISTED,
    PRIVATE;

    public static Optional<Visibility> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Visibility v : values()) {
            if (v.wireName().equals(value)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it appears in public lists and search. */
    public boolean listed() {
        return this == PUBLIC;
    }
}
