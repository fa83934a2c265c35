package org.millrace.core.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;

/**
 * A failure a caller should see: the HTTP status it maps to, a stable machine-readable code and a message safe
 * to show. It crosses the event bus as a reply failure whose code is the status and whose message is JSON.
 */
public final class ServiceException extends RuntimeException {
    private static final long DEPENDENCY_RETRY_SECONDS = 5;
    private final int status;
    private final String code;
    /** Seconds the caller should wait before trying again (the gateway sends it as Retry-After); 0 = unsaid. */
    private final long retryAfterSeconds;

    public ServiceException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public ServiceException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** When the caller may try again, if the service said so. */
    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds > 0 ? OptionalLong.of(retryAfterSeconds) : OptionalLong.empty();
    }

    public static ServiceException badRequest(String code, String message) {
        return new ServiceException(400, code, message);
    }

    public static ServiceException unauthorized(String message) {
        return new ServiceException(401, "unauthorized", message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(403, "forbidden", message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(404, "not_found", message);
    }

    public static ServiceException conflict(String code, String message) {
        return new ServiceException(409, code, message);
    }

    /** 429: the caller sent too much too fast; {@code retryAfterSeconds} is at least 1. */
    public static ServiceException tooManyRequests(String message, long retryAfterSeconds) {
        return new ServiceException(429, "rate_limited", message, Math.max(1, retryAfterSeconds));
    }

    public static ServiceException unavailable(String message) {
        return new ServiceException(503, "service_unavailable", message);
    }

    /** 503 {@code unavailable}: a dependency (the database) is down; the caller may retry after a few seconds. */
    public static ServiceException dependencyDown(String message) {
        return new ServiceException(503, "unavailable", message, DEPENDENCY_RETRY_SECONDS);
    }

    public static ServiceException internal() {
        return new ServiceException(500, "internal_error", "something went wrong on our side");
    }

    /** The wire form sent with {@code Message.fail(status, ...)}. */
    public String toWire() {
        JsonObject wire = new JsonObject().put("code", code).put("message", getMessage());
        if (retryAfterSeconds > 0) {
            wire.put("retryAfter", retryAfterSeconds);
        }
        return wire.encode();
    }

    /** What a failed request on the bus means for the caller. */
    public static ServiceException fromReply(Throwable failure) {
        if (failure instanceof ServiceException se) {
            return se;
        }
        if (failure instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return unavailable("the service is not running");
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT) {
                return new ServiceException(504, "service_timeout", "the service did not answer in time");
            }
            try {
                JsonObject json = new JsonObject(reply.getMessage());
                int status = reply.failureCode() >= 400 && reply.failureCode() <= 599 ? reply.failureCode() : 500;
                long retryAfter = Math.max(0, json.getLong("retryAfter", 0L));
                return new ServiceException(
                        status,
                        json.getString("code", "internal_error"),
                        json.getString("message", "request failed"),
                        retryAfter);
            } catch (DecodeException | NullPointerException | ClassCastException notOurs) {
                return internal();
            }
        }
        return internal();
    }
}
