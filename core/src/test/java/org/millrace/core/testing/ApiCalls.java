package org.millrace.core.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Test helper: calls the public API through the gateway as a given user (bearer token) or anonymously. */
public final class ApiCalls {
    private ApiCalls() {}

    public static HttpResponse<Buffer> call(
            WebClient client, HttpMethod method, String path, String token, JsonObject body) throws Exception {
        HttpRequest<Buffer> request = client.request(method, path);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
    }

    /** Creates a stream as the given user and answers the 201 body (fails the test on anything else). */
    public static JsonObject createStream(WebClient client, String token, JsonObject body) throws Exception {
        HttpResponse<Buffer> response = call(client, HttpMethod.POST, "/api/streams", token, body);
        if (response.statusCode() != 201) {
            throw new AssertionError("create answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    /** The stream's public status. */
    public static String status(WebClient client, String id) throws Exception {
        return call(client, HttpMethod.GET, "/api/streams/" + id, null, null)
                .bodyAsJsonObject()
                .getString("status");
    }

    /** The owner's live stats of the stream. */
    public static JsonObject stats(WebClient client, String id, String token) throws Exception {
        return call(client, HttpMethod.GET, "/api/streams/" + id + "/stats", token, null)
                .bodyAsJsonObject();
    }

    /** Polls until the stream's public status is {@code wanted}. */
    public static void awaitStatus(WebClient client, String id, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = status(client, id);
            if (wanted.equals(seen)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream status stayed " + seen + ", wanted " + wanted);
    }
}
