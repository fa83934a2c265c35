package org.millrace.core.bus;

/**
 * The checks every service applies to people's free text (titles, descriptions), with the same 400s: a length
 * counted in characters (code points, so an emoji is one), and no control characters, since PostgreSQL text cannot
 * hold NUL and control characters in a title only serve to spoof the UI.
 */
public final class TextFields {
    private TextFields() {}

    /** A title as given: 1 to {@code max} characters, not blank, no control character; else 400 {@code invalid_title}. */
    public static String title(Object value, int max) {
        if (!(value instanceof String title) || title.isBlank() || length(title) > max || hasControl(title, false)) {
            throw ServiceException.badRequest(
                    "invalid_title", "title must be 1 to " + max + " characters, without control characters");
        }
        return title;
    }

    /**
     * A description as given, "" for null: at most {@code max} characters, line breaks and tabs allowed; else 400
     * {@code invalid_description}.
     */
    public static String description(Object value, int max) {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String description) || length(description) > max || hasControl(description, true)) {
            throw ServiceException.badRequest(
                    "invalid_description", "description must be text of at most " + max + " characters");
        }
        return description;
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean hasControl(String text, boolean lineBreaksAllowed) {
        return text.codePoints()
                .anyMatch(c ->
                        Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t')));
    }
}
