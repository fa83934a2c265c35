package org.millrace.ingest.streams;

import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Test helper: calls the public API through the gateway as a given user (bearer token) or anonymously. */
public final class ApiCalls {
    private ApiCalls() {
    }

    public static HttpResponse<Buffer> call(WebClient client, HttpMethod method, String path, String token,
                                            JsonObject body) throws Exception {
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
}
