package org.millrace.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.millrace.core.bus.ServiceException;

/**
 * Finds control characters in what a client sends. None belongs in a URI, and in a JSON body's strings
 * only tab and line breaks do (a description may have lines): a NUL that reached PostgreSQL failed the request with
 * a 500, and the others only serve to spoof logs and pages.
 */
final class ControlCharacters {
    private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");

    private ControlCharacters() {}

    /**
     * Whether a raw request URI holds a control character, literally or percent-encoded: C0, DEL, or a C1
     * character as UTF-8 ({@code %C2%80}–{@code %C2%9F}).
     */
    static boolean inUri(String uri) {
        int n = uri.length();
        for (int i = 0; i < n; i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%') {
                int b = escapedByte(uri, i);
                if (b >= 0 && (b < 0x20 || b == 0x7f)) {
                    return true;
                }
                if (b == 0xc2) {
                    int next = escapedByte(uri, i + 3);
                    if (next >= 0x80 && next <= 0x9f) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Refuses a decoded JSON body with a control character in it (see {@link #fieldInJson}): 400
     * {@code invalid_<field>} after the top-level field, in snake case as the services name their 400s (so
     * {@code invalid_title} is the same answer whether the gateway or the streams service sees it first), or
     * {@code invalid_characters} when the field has no plain name.
     */
    static void requireNoneInBody(Object body) {
        fieldInJson(body).ifPresent(field -> {
            String rule = "(only tab and line breaks are allowed in text)";
            if (!PLAIN_FIELD.matcher(field).matches()) {
                throw ServiceException.badRequest(
                        "invalid_characters", "the request body holds a control character " + rule);
            }
            String snake = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            throw ServiceException.badRequest("invalid_" + snake, field + " holds a control character " + rule);
        });
    }

    /**
     * Where a decoded JSON body holds, in any string or key, a C0 control other than tab, line feed and carriage
     * return, DEL, a C1 control, or half of a surrogate pair (which no UTF-8 text can carry): the top-level field it
     * is under, "" when it is not under one (a key, or a body that is an array), empty when there is none.
     */
    private static Optional<String> fieldInJson(Object body) {
        if (body instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                if (inText(entry.getKey())) {
                    return Optional.of("");
                }
                if (inJson(entry.getValue())) {
                    return Optional.of(entry.getKey());
                }
            }
            return Optional.empty();
        }
        return inJson(body) ? Optional.of("") : Optional.empty();
    }

    private static boolean inJson(Object value) {
        if (value instanceof String s) {
            return inText(s);
        }
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                if (inText(entry.getKey()) || inJson(entry.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof JsonArray array) {
            for (Object item : array) {
                if (inJson(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inText(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return true;
                }
            } else if (c >= 0x7f && c <= 0x9f) {
                return true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The byte a {@code %XX} at {@code at} stands for, or -1 when there is none. */
    private static int escapedByte(String uri, int at) {
        if (at + 2 >= uri.length() || uri.charAt(at) != '%') {
            return -1;
        }
        int high = Character.digit(uri.charAt(at + 1), 16);
        int low = Character.digit(uri.charAt(at + 2), 16);
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }
}
