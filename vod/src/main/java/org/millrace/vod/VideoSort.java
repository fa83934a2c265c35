package org.millrace.vod;

import java.util.Locale;
import org.millrace.core.bus.ServiceException;

/** The orders of the video list ({@code ?sort=}): newest first, most viewed first, most liked first. */
public enum VideoSort {
    NEW,
    VIEWS,
    LIKES;

    public static VideoSort parse(String value) {
        for (VideoSort sort : values()) {
            if (sort.wireName().equals(value)) {
                return sort;
            }
        }
        throw ServiceException.badRequest("invalid_sort", "sort must be new, views or likes");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
