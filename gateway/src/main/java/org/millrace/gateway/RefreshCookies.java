package org.millrace.gateway;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Moves the refresh token between the {@code millrace_refresh} cookie and JSON bodies for the routes that ask for
 * it (see {@link RefreshCookie}). The cookie is HttpOnly, SameSite=Strict, scoped to {@code /api/auth}, and Secure
 * when the public URL is https.
 */
final class RefreshCookies {
    static final String NAME = "millrace_refresh";
    static final String PATH = "/api/auth";
    static final String FIELD = "refreshToken";
    /** How long the token lives, as the service says in its reply; without it the cookie lasts the session. */
    static final String LIFETIME_FIELD = "refreshExpiresIn";

    private final boolean secure;

    RefreshCookies(boolean secure) {
        this.secure = secure;
    }

    /** The request body, with the cookie's token added when the route reads it and the body brings none. */
    Object requestBody(RoutingContext ctx, RefreshCookie mode, Object body) {
        if (!mode.reads() || !(body == null || body instanceof JsonObject)) {
            return body;
        }
        JsonObject object = (JsonObject) body;
        if (object != null && object.getValue(FIELD) != null) {
            return body;
        }
        Cookie cookie = ctx.request().getCookie(NAME);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return body;
        }
        JsonObject withToken = object == null ? new JsonObject() : object.copy();
        return withToken.put(FIELD, cookie.getValue());
    }

    void onSuccess(RoutingContext ctx, RefreshCookie mode, Object replyBody) {
        if (mode.issues() && replyBody instanceof JsonObject reply && reply.getValue(FIELD) instanceof String token) {
            Cookie cookie = base(token);
            Long lifetime = reply.getLong(LIFETIME_FIELD);
            if (lifetime != null) {
                cookie.setMaxAge(lifetime);
            }
            ctx.response().addCookie(cookie);
        } else if (mode.clears()) {
            clear(ctx);
        }
    }

    /** A refused token is of no further use to the browser; a logout clears the cookie whatever happened. */
    void onFailure(RoutingContext ctx, RefreshCookie mode, int status) {
        if (mode.clears() || (mode.reads() && status == 401)) {
            clear(ctx);
        }
    }

    private void clear(RoutingContext ctx) {
        ctx.response().addCookie(base("").setMaxAge(0));
    }

    private Cookie base(String value) {
        return Cookie.cookie(NAME, value)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setPath(PATH)
                .setSecure(secure);
    }
}
