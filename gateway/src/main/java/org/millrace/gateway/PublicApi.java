package org.millrace.gateway;

import java.util.List;

/**
 * The public API table of ../shared/design.md: each route and the service address behind it. Services add their
 * rows here as they land; a path not listed is a 404.
 */
public final class PublicApi {
    private PublicApi() {
    }

    public static List<ApiRoute> routes() {
        return List.of();
    }
}
