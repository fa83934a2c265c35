package org.millrace.core.bus;

/**
 * The types of the {@link LiveEvent}s published on {@link Addresses#EVENTS_LIVE}: a live session starts, is
 * interrupted (publisher gone, grace running), resumes, and ends (the recorder's cue).
 */
public final class LiveEvents {
    public static final String STARTED = "stream.started";
    public static final String INTERRUPTED = "stream.interrupted";
    public static final String RESUMED = "stream.resumed";
    public static final String ENDED = "stream.ended";
    /** The transcoder's master playlist is written: {@code renditions} lists what can be played. */
    public static final String RENDITIONS = "stream.renditions";

    private LiveEvents() {}
}
