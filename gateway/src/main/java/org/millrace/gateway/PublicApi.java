package org.millrace.gateway;

import java.util.List;

import org.millrace.core.bus.Addresses;

/**
 * The public API table of ../shared/design.md: each route and the service address behind it. Services add their
 * rows here as they land; a path not listed is a 404.
 */
public final class PublicApi {
    private PublicApi() {
    }

    public static List<ApiRoute> routes() {
        return List.of(
                // Streams: reads are public, the owner (a valid token) sees owner fields; writes need a token.
                ApiRoute.route("POST", "/api/streams", Addresses.STREAMS_CREATE, Access.AUTHENTICATED),
                ApiRoute.route("GET", "/api/streams", Addresses.STREAMS_LIST, Access.PUBLIC),
                ApiRoute.route("GET", "/api/streams/:id", Addresses.STREAMS_GET, Access.OPTIONAL_AUTH),
                ApiRoute.route("PATCH", "/api/streams/:id", Addresses.STREAMS_UPDATE, Access.AUTHENTICATED),
                ApiRoute.route("DELETE", "/api/streams/:id", Addresses.STREAMS_DELETE, Access.AUTHENTICATED),
                ApiRoute.route("POST", "/api/streams/:id/key", Addresses.STREAMS_ROTATE_KEY, Access.AUTHENTICATED),
                ApiRoute.route("GET", "/api/streams/:id/stats", Addresses.STREAMS_STATS, Access.AUTHENTICATED),
                ApiRoute.route("POST", "/api/streams/:id/viewers/heartbeat", Addresses.STREAMS_VIEWER_HEARTBEAT,
                        Access.PUBLIC));
    }
}
