package org.millrace.gateway;

import java.util.Objects;

import io.vertx.core.http.HttpMethod;

/**
 * One line of the public API table: {@code METHOD /path/:param} is served by the service at {@code address} on the
 * event bus, for callers with the given access.
 */
public record ApiRoute(HttpMethod method, String path, String address, Access access) {
    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(access, "access");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with /: " + path);
        }
    }

    public static ApiRoute route(String method, String path, String address, Access access) {
        return new ApiRoute(HttpMethod.valueOf(method), path, address, access);
    }
}
