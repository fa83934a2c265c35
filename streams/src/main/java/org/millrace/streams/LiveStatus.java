package org.millrace.streams;

import java.util.Locale;

/** Whether a stream is on air: a publisher is connected, just dropped (grace window), or gone. */
public enum LiveStatus {
    OFFLINE,
    LIVE,
    RECONNECTING;

    /** The name used in the database and the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LiveStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
