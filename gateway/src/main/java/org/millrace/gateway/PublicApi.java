package org.millrace.gateway;

import static org.millrace.gateway.ApiRoute.route;

import java.util.List;
import org.millrace.core.bus.Addresses;

/**
 * The public API table (docs/api.md): each route and the service address behind it. A service's routes are its
 * rows here; a path not listed is a 404.
 */
public final class PublicApi {
    private PublicApi() {}

    public static List<ApiRoute> routes() {
        return List.of(
                route("POST", "/api/auth/register", Addresses.AUTH_REGISTER, Access.PUBLIC),
                route("POST", "/api/auth/login", Addresses.AUTH_LOGIN, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ISSUE),
                route("POST", "/api/auth/refresh", Addresses.AUTH_REFRESH, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ROTATE),
                // Public: an expired access token must not stop anyone from signing out.
                route("POST", "/api/auth/logout", Addresses.AUTH_LOGOUT, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.CLEAR),
                route("GET", "/api/auth/me", Addresses.AUTH_ME, Access.AUTHENTICATED),
                // Streams: reads are public, the owner (a valid token) sees owner fields; writes need a token.
                route("POST", "/api/streams", Addresses.STREAMS_CREATE, Access.AUTHENTICATED),
                route("GET", "/api/streams", Addresses.STREAMS_LIST, Access.PUBLIC),
                route("GET", "/api/streams/:id", Addresses.STREAMS_GET, Access.OPTIONAL_AUTH),
                route("PATCH", "/api/streams/:id", Addresses.STREAMS_UPDATE, Access.AUTHENTICATED),
                route("DELETE", "/api/streams/:id", Addresses.STREAMS_DELETE, Access.AUTHENTICATED),
                route("POST", "/api/streams/:id/key", Addresses.STREAMS_ROTATE_KEY, Access.AUTHENTICATED),
                route("GET", "/api/streams/:id/stats", Addresses.STREAMS_STATS, Access.AUTHENTICATED),
                route("POST", "/api/streams/:id/viewers/heartbeat", Addresses.STREAMS_VIEWER_HEARTBEAT, Access.PUBLIC),
                // Recordings: each user sees only their own.
                route("GET", "/api/recordings", Addresses.RECORDINGS_LIST, Access.AUTHENTICATED),
                route("GET", "/api/recordings/:id", Addresses.RECORDINGS_GET, Access.AUTHENTICATED),
                route("POST", "/api/recordings/:id/retry", Addresses.RECORDINGS_RETRY, Access.AUTHENTICATED),
                // Videos: reads take an optional token (the owner's private videos, likedByMe), writes need one.
                route("GET", "/api/videos", Addresses.VIDEOS_LIST, Access.OPTIONAL_AUTH),
                route("GET", "/api/videos/:id", Addresses.VIDEOS_GET, Access.OPTIONAL_AUTH),
                route("PATCH", "/api/videos/:id", Addresses.VIDEOS_UPDATE, Access.AUTHENTICATED),
                route("DELETE", "/api/videos/:id", Addresses.VIDEOS_DELETE, Access.AUTHENTICATED),
                route("POST", "/api/videos/:id/like", Addresses.VIDEOS_LIKE, Access.AUTHENTICATED),
                route("DELETE", "/api/videos/:id/like", Addresses.VIDEOS_UNLIKE, Access.AUTHENTICATED),
                route("POST", "/api/videos/:id/view", Addresses.VIDEOS_VIEW, Access.OPTIONAL_AUTH),
                // Uploads: the caller's own (the tus routes, POST/HEAD/PATCH/DELETE, are the gateway's upload package).
                route("GET", "/api/uploads", Addresses.UPLOADS_LIST, Access.AUTHENTICATED),
                route("GET", "/api/uploads/:id", Addresses.UPLOADS_GET, Access.AUTHENTICATED),
                route("POST", "/api/uploads/:id/retry", Addresses.UPLOADS_RETRY, Access.AUTHENTICATED));
    }
}
