package org.millrace.core.bus;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the fields of a message record's JSON: a missing optional field is null, a field of the wrong type or a
 * missing required one a {@link MalformedMessage}. Fields nobody asks for are ignored, so a newer sender may add some.
 */
final class MessageFields {
    private MessageFields() {
    }

    static String required(JsonObject json, String field) {
        String value = string(json, field);
        if (value == null || value.isEmpty()) {
            throw new MalformedMessage(field, field + " is required");
        }
        return value;
    }

    static String string(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new MalformedMessage(field, field + " must be a string");
        }
        return (String) value;
    }

    static Boolean bool(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            throw new MalformedMessage(field, field + " must be true or false");
        }
        return (Boolean) value;
    }

    static boolean bool(JsonObject json, String field, boolean absent) {
        Boolean value = bool(json, field);
        return value == null ? absent : value;
    }

    static Number number(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof Number)) {
            throw new MalformedMessage(field, field + " must be a number");
        }
        return (Number) value;
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
        Instant value = instant(json, field);
        if (value == null) {
            throw new MalformedMessage(field, field + " is required");
        }
        return value;
    }

    static JsonObject object(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof JsonObject)) {
            throw new MalformedMessage(field, field + " must be an object");
        }
        return (JsonObject) value;
    }

    static JsonArray array(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof JsonArray)) {
            throw new MalformedMessage(field, field + " must be a list");
        }
        return (JsonArray) value;
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
