package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The {@code ingestCapacity} field of the SRT ingest's reports ({@link AuthorizePublish}, {@link PublishStarted}):
 * the sessions the reporting node may hold, a whole number of at least 1; absent means no limit.
 */
final class IngestCapacity {
    static final String FIELD = "ingestCapacity";

    private IngestCapacity() {}

    static void check(Integer capacity) {
        if (capacity != null && capacity < 1) {
            throw new MalformedMessage(FIELD, FIELD + " must be a positive integer");
        }
    }

    static Integer read(JsonObject json) {
        Object value = json.getValue(FIELD);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)
                || number.doubleValue() != Math.rint(number.doubleValue())
                || number.doubleValue() < 1
                || number.doubleValue() > Integer.MAX_VALUE) {
            throw new MalformedMessage(FIELD, FIELD + " must be a positive integer");
        }
        return number.intValue();
    }
}
