package org.millrace.core.vodimport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.millrace.core.bus.VideoImportBody;

/**
 * {@link VodImportClient} over HTTP: {@code POST <base>/internal/videos/import} with {@code X-Internal-API-Key},
 * on Vert.x's non-blocking client. 200/201 → the reply's {@code id}; a 4xx about the body (400, 409, 413, 422) →
 * permanent failure; 401/403/404/408/429, 5xx, timeouts and connection errors → worth retrying. The key is sent,
 * never logged or put in an error message.
 */
public final class HttpVodImportClient implements VodImportClient, AutoCloseable {
    public static final String PATH = "/internal/videos/import";
    public static final String KEY_HEADER = "X-Internal-API-Key";

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String url;
    private final String apiKey;
    private final Duration timeout;

    public HttpVodImportClient(Vertx vertx, URI base, String apiKey, Duration timeout) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        String text = base.toString();
        this.url = (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + PATH;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    @Override
    public Future<String> importVideo(VideoImportBody body) {
        Context context = vertx.getOrCreateContext();
        if (Vertx.currentContext() == context) {
            return send(body.toJson());
        }
        // Called from outside Vert.x: run the exchange on one event loop, so the response body handler is set
        // before the response can end (from another thread, a short reply could end first and never complete).
        Promise<String> outcome = Promise.promise();
        context.runOnContext(go -> send(body.toJson()).onComplete(outcome));
        return outcome.future();
    }

    private Future<String> send(JsonObject body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .putHeader(KEY_HEADER, apiKey)
                .setTimeout(timeout.toMillis());
        return client.request(options)
                .compose(request -> request.send(body.toBuffer()))
                .compose(response -> response.body().map(reply -> outcome(response.statusCode(), reply)))
                .recover(failure -> Future.failedFuture(
                        failure instanceof VodImportException known
                                ? known
                                : new VodImportException(
                                        "the video library could not be reached: " + describe(failure), false)));
    }

    private static String outcome(int status, Buffer reply) {
        if (status == 200 || status == 201) {
            JsonObject video = json(reply);
            String id = video == null ? null : video.getString("id");
            if (id == null && video != null && video.getValue("video") instanceof JsonObject wrapped) {
                id = wrapped.getString("id");
            }
            if (id == null) {
                throw new VodImportException("the video library answered " + status + " without a video id", false);
            }
            return id;
        }
        String reason = reason(reply);
        if (status == 401 || status == 403) {
            // Worth retrying: keys being rotated across services, or a recorder restarted with the wrong one, mend.
            throw new VodImportException(
                    "the video library refused the import (HTTP " + status + reason
                            + "): the internal API key does not match MILLRACE_INTERNAL_API_KEY",
                    false);
        }
        throw new VodImportException(
                "the video library refused the import (HTTP " + status + reason + ")", refusesTheRequestItself(status));
    }

    /**
     * Only an answer about this import's body is final (400, 409, 413, 422 and the like); 404 (the route not
     * reachable: a proxy, MILLRACE_INTERNAL_ALLOW_REMOTE), 408 and 429 are about the moment, not the video.
     */
    static boolean refusesTheRequestItself(int status) {
        return status >= 400
                && status < 500
                && status != 401
                && status != 403
                && status != 404
                && status != 408
                && status != 429;
    }

    /** The error message of the contract's error body, when there is one. */
    private static String reason(Buffer reply) {
        JsonObject json = json(reply);
        if (json != null && json.getValue("error") instanceof JsonObject error && error.getString("message") != null) {
            String code = error.getString("code");
            return ": " + (code == null ? "" : code + ", ") + error.getString("message");
        }
        return "";
    }

    private static JsonObject json(Buffer reply) {
        try {
            return reply == null || reply.length() == 0 ? null : new JsonObject(reply);
        } catch (DecodeException | ClassCastException notJson) {
            return null;
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        client.close();
    }
}
