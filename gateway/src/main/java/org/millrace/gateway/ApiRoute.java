package org.millrace.gateway;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;

/**
 * One line of the public API table: {@code METHOD /path/:param} is served by the service at {@code address} on the
 * event bus, for callers with the given access; {@code refreshCookie} says how it treats the refresh cookie.
 */
public record ApiRoute(HttpMethod method, String path, String address, Access access, RefreshCookie refreshCookie) {
    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(refreshCookie, "refreshCookie");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /: " + path);
        }
    }

    public ApiRoute(HttpMethod method, String path, String address, Access access) {
        this(method, path, address, access, RefreshCookie.NONE);
    }

    public ApiRoute withRefreshCookie(RefreshCookie mode) {
        return new ApiRoute(method, path, address, access, mode);
    }

    public static ApiRoute route(String method, String path, String address, Access access) {
        return new ApiRoute(HttpMethod.valueOf(method), path, address, access);
    }
}
