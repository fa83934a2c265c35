package org.millrace.core.bus;

/**
 * Event-bus addresses of the services: the contract between the gateway and the services and between services.
 * Each service operation is one address carrying a {@link ServiceRequest} and answering a {@link ServiceResponse}.
 */
public final class Addresses {
    private Addresses() {}

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
    public static final String UPLOADS = "millrace.uploads.";

    /**
     * {@link LiveEvent}s: the streams service publishes a session's start, interruption, resumption and end; the
     * ingest node transcoding it publishes its renditions once the transcoder has made them.
     */
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
    /**
     * Streams operations the SRT ingest calls: may this key publish ({@link AuthorizePublish} →
     * {@link PublishAuthorization}), a publisher came ({@link PublishStarted} → {@link SessionAssignment}) or went
     * ({@link PublishStopped} → {@link StreamLiveStatus}).
     */
    public static final String STREAMS_AUTHORIZE_PUBLISH = STREAMS + "authorize-publish";

    public static final String STREAMS_PUBLISH_STARTED = STREAMS + "publish-started";
    public static final String STREAMS_PUBLISH_STOPPED = STREAMS + "publish-stopped";
    /** The SRT ingest starts with no publisher: streams left live by a dead one turn reconnecting. */
    public static final String STREAMS_INGEST_STARTED = STREAMS + "ingest-started";

    /**
     * Internal: one live session as the recorder needs it, {@link SessionQuery} → {@link SessionDetails}; 404 when
     * the stream or the session is unknown.
     */
    public static final String STREAMS_SESSION = STREAMS + "session";

    /** Recordings of the public API: the caller's recordings with their status. */
    public static final String RECORDINGS_LIST = RECORDINGS + "list";

    public static final String RECORDINGS_GET = RECORDINGS + "get";
    /** The owner asks for another go at a failed recording. */
    public static final String RECORDINGS_RETRY = RECORDINGS + "retry";

    /** Video library operations of the public API. */
    public static final String VIDEOS_LIST = VIDEOS + "list";

    public static final String VIDEOS_GET = VIDEOS + "get";
    public static final String VIDEOS_UPDATE = VIDEOS + "update";
    public static final String VIDEOS_DELETE = VIDEOS + "delete";
    public static final String VIDEOS_LIKE = VIDEOS + "like";
    public static final String VIDEOS_UNLIKE = VIDEOS + "unlike";
    public static final String VIDEOS_VIEW = VIDEOS + "view";
    /**
     * {@code POST /internal/videos/import}: the gateway checks the internal key, then forwards the body, a
     * {@link VideoImportBody}.
     */
    public static final String VIDEOS_IMPORT = VIDEOS + "import";
    /**
     * Internal, for the gateway's {@code /vod/<videoId>/...}: {@link PlaybackQuery} → {@link VideoPlayback}; 404
     * when there is no such video.
     */
    public static final String VIDEOS_PLAYBACK = VIDEOS + "playback";

    /**
     * The SRT ingest's live measures of one publisher, {@link PublisherStatsQuery} → {@link PublisherStats}
     * (disconnected when nobody publishes it here).
     */
    public static final String INGEST_LIVE_STATS = INGEST + "live-stats";

    /**
     * {@link #INGEST_LIVE_STATS} of one SRT ingest node ({@code node}: its cluster node id), for the streams service,
     * which knows the node holding each publisher: with several nodes a plain {@link #INGEST_LIVE_STATS} request
     * would reach any one of them.
     */
    public static String ingestLiveStats(String node) {
        return INGEST_LIVE_STATS + "." + node;
    }

    /**
     * Published (every ingest node hears it), a {@link PublishRevoked}: the stream's key was rotated, or the stream
     * disabled or deleted; whichever node holds its publisher cuts the connection at once.
     */
    public static final String INGEST_PUBLISH_REVOKED = INGEST + "publish-revoked";

    /** Uploads of the public API: the caller's uploads, one of them, another go at a failed one. */
    public static final String UPLOADS_LIST = UPLOADS + "list";

    public static final String UPLOADS_GET = UPLOADS + "get";
    public static final String UPLOADS_RETRY = UPLOADS + "retry";
    /**
     * The gateway's tus handler (bytes never cross the bus, only where they stand): {@link UploadCreate} →
     * {@link UploadState}; {@link UploadQuery} → {@link UploadState} (find) or no body (terminate: the upload and
     * its bytes are gone); {@link UploadClaim} and {@link UploadAdvance} → {@link UploadState}.
     */
    public static final String UPLOADS_CREATE = UPLOADS + "create";

    public static final String UPLOADS_FIND = UPLOADS + "find";
    public static final String UPLOADS_CLAIM = UPLOADS + "claim";
    public static final String UPLOADS_ADVANCE = UPLOADS + "advance";
    public static final String UPLOADS_TERMINATE = UPLOADS + "terminate";

    /** The prefix of {@link #livePlaylist(String)}. */
    public static final String LIVE_PLAYLIST = "millrace.live.playlist.";

    /**
     * Published by the node transcoding the stream, a {@link LivePlaylistUpdate} per change of one of its renditions'
     * playlists; every gateway serving the stream's viewers listens while it has some.
     */
    public static String livePlaylist(String streamId) {
        return LIVE_PLAYLIST + streamId;
    }
}
