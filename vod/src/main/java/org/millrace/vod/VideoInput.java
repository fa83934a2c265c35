package org.millrace.vod;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.TextFields;

/** The limits on what owners can set on a video (title, description, tags, visibility), with the 400s they earn. */
public final class VideoInput {
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 5000;
    public static final int MAX_TAGS = 20;
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,40}");

    private VideoInput() {}

    public static String title(Object value) {
        return TextFields.title(value, MAX_TITLE).strip();
    }

    /** A null description is an empty one. */
    public static String description(Object value) {
        return TextFields.description(value, MAX_DESCRIPTION);
    }

    /** Lower-cased, without repeats, in the given order; a null list is an empty one. */
    public static List<String> tags(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_TAGS) {
            throw invalidTags();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw invalidTags();
            }
            String tag = text.strip().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(tag).matches()) {
                throw invalidTags();
            }
            tags.add(tag);
        }
        return new ArrayList<>(tags);
    }

    /** One tag of a {@code ?tag=} filter, lower-cased. */
    public static String tagFilter(String value) {
        String tag = value.strip().toLowerCase(Locale.ROOT);
        if (!TAG.matcher(tag).matches()) {
            throw ServiceException.badRequest("invalid_tag", "tag must be 1 to 40 of a-z, 0-9 and -");
        }
        return tag;
    }

    public static Visibility visibility(Object value) {
        return Visibility.parse(value instanceof String text ? text : null)
                .orElseThrow(() -> ServiceException.badRequest(
                        "invalid_visibility", "visibility must be public, unlisted or private"));
    }

    private static ServiceException invalidTags() {
        return ServiceException.badRequest(
                "invalid_tags",
                "tags must be a list of at most " + MAX_TAGS + " tags of 1 to 40 characters among a-z, 0-9 and -");
    }
}
