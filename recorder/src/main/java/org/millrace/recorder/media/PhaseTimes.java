package org.millrace.recorder.media;

import java.util.Locale;

/** Wall time of each phase of a build, for the log line that says where a slow recording spent its time. */
final class PhaseTimes {
    private final StringBuilder text = new StringBuilder();
    private long last = System.nanoTime();

    void mark(String phase) {
        long now = System.nanoTime();
        text.append(text.length() == 0 ? "" : ", ")
                .append(phase)
                .append(String.format(Locale.ROOT, " %.2f s", (now - last) / 1e9));
        last = now;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
