package org.millrace.vod;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.millrace.core.bus.ServiceException;

import io.vertx.core.json.JsonArray;

/** The limits on what owners can set on a video (title, description, tags, visibility), with the 400s they earn. */
public final class VideoInput {
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 5000;
    public static final int MAX_TAGS = 20;
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,40}");

    private VideoInput() {
    }

    public static String title(Object value) {
        if (!(value instanceof String title) || title.isBlank() || length(title) > MAX_TITLE || hasControl(title, false)) {
            throw ServiceException.badRequest("invalid_title",
                    "title must be 1 to " + MAX_TITLE + " characters, without control characters");
        }
        return title.strip();
    }

    /** A null description is an empty one. */
    public static String description(Object value) {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String description) || length(description) > MAX_DESCRIPTION
                || hasControl(description, true)) {
            throw ServiceException.badRequest("invalid_description",
                    "description must be text of at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
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
        return Visibility.parse(value instanceof String text ? text : null).orElseThrow(() ->
                ServiceException.badRequest("invalid_visibility", "visibility must be public, unlisted or private"));
    }

    private static ServiceException invalidTags() {
        return ServiceException.badRequest("invalid_tags",
                "tags must be a list of at most " + MAX_TAGS + " tags of 1 to 40 characters among a-z, 0-9 and -");
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean hasControl(String text, boolean newlinesAllowed) {
        return text.codePoints().anyMatch(c -> Character.isISOControl(c)
                && !(newlinesAllowed && (c == '\n' || c == '\r' || c == '\t')));
    }
}
