package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses a JSON route's body unless it is declared {@code application/json} (any parameters) or
 * {@code application/*+json}: a page on another site can post {@code text/plain} or a form without a CORS
 * preflight, so a body those types could carry must never be taken for the caller's own (login CSRF). Runs before
 * the body is read, so a refused body is not buffered.
 */
final class JsonContentType implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (hasBody(request) && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            ApiErrors.send(
                    ctx,
                    415,
                    "unsupported_media_type",
                    "send the request body as JSON with Content-Type: application/json");
            return;
        }
        ctx.next();
    }

    /** An HTTP/1.1 request has a body when it says how long (more than nothing) or that it is chunked. */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.trim().equals("0"))
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.matches("application/[a-z0-9.!#$&^_-]+\\+json");
    }
}
