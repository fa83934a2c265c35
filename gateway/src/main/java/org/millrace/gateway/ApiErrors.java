package org.millrace.gateway;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.millrace.core.bus.ServiceException;

/** Writes errors in the one JSON shape of the public contract: {@code {"error":{code,message,requestId}}}. */
public final class ApiErrors {
    private ApiErrors() {}

    /** A service's failure, with {@code Retry-After} when the service said when to try again. */
    public static void send(RoutingContext ctx, ServiceException error) {
        if (!ctx.response().headWritten()) {
            error.retryAfterSeconds()
                    .ifPresent(seconds -> ctx.response().putHeader("Retry-After", Long.toString(seconds)));
        }
        send(ctx, error.status(), error.code(), error.getMessage());
    }

    public static void send(RoutingContext ctx, int status, String code, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put(
                        "error",
                        new JsonObject()
                                .put("code", code)
                                .put("message", message)
                                .put("requestId", RequestIds.of(ctx)));
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(body.toBuffer());
    }

    /** A code for a status that had no more specific one. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
