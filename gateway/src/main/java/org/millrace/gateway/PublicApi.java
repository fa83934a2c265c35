package org.millrace.gateway;

import static org.millrace.gateway.ApiRoute.route;

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
                route("POST", "/api/auth/register", Addresses.AUTH_REGISTER, Access.PUBLIC),
                route("POST", "/api/auth/login", Addresses.AUTH_LOGIN, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ISSUE),
                route("POST", "/api/auth/refresh", Addresses.AUTH_REFRESH, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.ROTATE),
                // Public: an expired access token must not stop anyone from signing out.
                route("POST", "/api/auth/logout", Addresses.AUTH_LOGOUT, Access.PUBLIC)
                        .withRefreshCookie(RefreshCookie.CLEAR),
                route("GET", "/api/auth/me", Addresses.AUTH_ME, Access.AUTHENTICATED));
    }
}
