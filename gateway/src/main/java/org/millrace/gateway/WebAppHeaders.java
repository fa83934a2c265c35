package org.millrace.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers of the web app's pages and assets. Caching: Vite names the app's files after their content, so those
 * may be cached for good, while the index page (and anything else) names the current ones and is revalidated on
 * every visit after a deploy. Security: a Content-Security-Policy that lets the app load only its own code, styles
 * and media (hls.js feeds the video element through MediaSource blob URLs and may run its demuxer in a blob worker),
 * and no framing by other sites (clickjacking). {@code nginx/} serves the same policy.
 */
final class WebAppHeaders implements Handler<RoutingContext> {
    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'");

    @Override
    public void handle(RoutingContext ctx) {
        String cache = ctx.normalizedPath().startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
        // Set last: the static handler writes its own Cache-Control.
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, cache));
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY");
        ctx.next();
    }
}
