package org.millrace.core.bus;

/**
 * Event-bus addresses of the services: the contract between the gateway and the services and between services.
 * Each service operation is one address carrying a {@link ServiceRequest} and answering a {@link ServiceResponse}.
 */
public final class Addresses {
    private Addresses() {
    }

    public static final String AUTH = "millrace.auth.";
    public static final String AUTH_REGISTER = AUTH + "register";
    public static final String AUTH_LOGIN = AUTH + "login";
    public static final String AUTH_REFRESH = AUTH + "refresh";
    public static final String AUTH_LOGOUT = AUTH + "logout";
    public static final String AUTH_ME = AUTH + "me";
    public static final String STREAMS = "millrace.streams.";
    public static final String RECORDINGS = "millrace.recordings.";
    public static final String VIDEOS = "millrace.videos.";
    public static final String INGEST = "millrace.ingest.";

    /** Events published by ingest and transcoder (live session started, ended, renditions ready). */
    public static final String EVENTS_LIVE = "millrace.events.live";

    /** Streams operations of the public API. */
    public static final String STREAMS_CREATE = STREAMS + "create";
    public static final String STREAMS_LIST = STREAMS + "list";
    public static final String STREAMS_GET = STREAMS + "get";
    public static final String STREAMS_UPDATE = STREAMS + "update";
    public static final String STREAMS_DELETE = STREAMS + "delete";
    public static final String STREAMS_ROTATE_KEY = STREAMS + "rotate-key";
    public static final String STREAMS_STATS = STREAMS + "stats";
    public static final String STREAMS_VIEWER_HEARTBEAT = STREAMS + "viewer-heartbeat";
    /** Streams operations the SRT ingest calls: may this key publish, and a publisher came or went. */
    public static final String STREAMS_AUTHORIZE_PUBLISH = STREAMS + "authorize-publish";
    public static final String STREAMS_PUBLISH_STARTED = STREAMS + "publish-started";
    public static final String STREAMS_PUBLISH_STOPPED = STREAMS + "publish-stopped";
    /** The SRT ingest starts with no publisher: streams left live by a dead one turn reconnecting. */
    public static final String STREAMS_INGEST_STARTED = STREAMS + "ingest-started";

    /**
     * The SRT ingest's live measures of one publisher, {@code {streamId}} → {@code {connected, bitrateKbps, rttMs,
     * packetLossPercent, retransmits, ...}} ({@code connected:false} and nulls when nobody publishes it here).
     */
    public static final String INGEST_LIVE_STATS = INGEST + "live-stats";
}
