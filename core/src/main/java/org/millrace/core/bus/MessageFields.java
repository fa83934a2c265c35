package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the fields of a message record's JSON: a missing optional field is null, a field of the wrong type or a
 * missing required one a {@link MalformedMessage}. Fields nobody asks for are ignored, so a newer sender may add some.
 */
final class MessageFields {
    private MessageFields() {}

    static String required(JsonObject json, String field) {
        String value = string(json, field);
        return present(value == null || value.isEmpty() ? null : value, field);
    }

    /** {@code value}, which was read from {@code field}; a missing one is a {@link MalformedMessage}. */
    static <T> T present(T value, String field) {
        if (value == null) {
            throw new MalformedMessage(field, field + " is required");
        }
        return value;
    }

    static String string(JsonObject json, String field) {
        return typed(json, field, String.class, "a string");
    }

    static Boolean bool(JsonObject json, String field) {
        return typed(json, field, Boolean.class, "true or false");
    }

    static boolean bool(JsonObject json, String field, boolean absent) {
        Boolean value = bool(json, field);
        return value == null ? absent : value;
    }

    static Number number(JsonObject json, String field) {
        return typed(json, field, Number.class, "a number");
    }

    static Double decimal(JsonObject json, String field) {
        Number value = number(json, field);
        return value == null ? null : value.doubleValue();
    }

    static Long whole(JsonObject json, String field) {
        Number value = number(json, field);
        if (value != null && value.longValue() != value.doubleValue()) {
            throw new MalformedMessage(field, field + " must be a whole number");
        }
        return value == null ? null : value.longValue();
    }

    static long whole(JsonObject json, String field, long absent) {
        Long value = whole(json, field);
        return value == null ? absent : value;
    }

    static Instant instant(JsonObject json, String field) {
        String value = string(json, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedMessage(field, field + " must be an ISO-8601 UTC time");
        }
    }

    static Instant requiredInstant(JsonObject json, String field) {
        return present(instant(json, field), field);
    }

    static JsonObject object(JsonObject json, String field) {
        return typed(json, field, JsonObject.class, "an object");
    }

    static JsonArray array(JsonObject json, String field) {
        return typed(json, field, JsonArray.class, "a list");
    }

    /** The field's value, null when absent; another type is a {@link MalformedMessage} saying what it must be. */
    private static <T> T typed(JsonObject json, String field, Class<T> type, String mustBe) {
        Object value = json.getValue(field);
        if (value != null && !type.isInstance(value)) {
            throw new MalformedMessage(field, field + " must be " + mustBe);
        }
        return type.cast(value);
    }

    static JsonObject element(JsonArray array, int index, String field) {
        if (!(array.getValue(index) instanceof JsonObject item)) {
            throw new MalformedMessage(field, field + " must be a list of objects");
        }
        return item;
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
