package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.millrace.core.security.Principal;

/**
 * One API call as a service sees it: what the gateway took out of the HTTP request, and nothing of HTTP itself.
 *
 * @param body      the JSON body ({@link JsonObject} or {@link JsonArray}), or null when there was none
 * @param principal the authenticated caller, or null for an anonymous call
 */
public record ServiceRequest(
        String requestId,
        Map<String, String> pathParams,
        Map<String, List<String>> query,
        Object body,
        Principal principal,
        String clientIp) {

    public ServiceRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        if (body != null && !(body instanceof JsonObject) && !(body instanceof JsonArray)) {
            throw new IllegalArgumentException("body must be a JSON object or array");
        }
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter '" + name + "'");
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<Principal> caller() {
        return Optional.ofNullable(principal);
    }

    /** The caller, or a 401 when the call is anonymous. */
    public Principal requireCaller() {
        if (principal == null) {
            throw ServiceException.unauthorized("sign in first");
        }
        return principal;
    }

    /** The body as an object, or a 400 naming what was expected. */
    public JsonObject bodyObject() {
        if (body instanceof JsonObject object) {
            return object;
        }
        throw ServiceException.badRequest("invalid_body", "the request body must be a JSON object");
    }

    public JsonObject toJson() {
        JsonObject q = new JsonObject();
        query.forEach((k, v) -> q.put(k, new JsonArray(v)));
        JsonObject json = new JsonObject()
                .put("requestId", requestId)
                .put("pathParams", new JsonObject(Map.copyOf(pathParams)))
                .put("query", q)
                .put("clientIp", clientIp);
        if (body != null) {
            json.put("body", body);
        }
        if (principal != null) {
            json.put("principal", principal.toJson());
        }
        return json;
    }

    public static ServiceRequest fromJson(JsonObject json) {
        Map<String, String> path = new java.util.HashMap<>();
        json.getJsonObject("pathParams", new JsonObject())
                .forEach(e -> path.put(e.getKey(), String.valueOf(e.getValue())));
        Map<String, List<String>> query = new java.util.HashMap<>();
        json.getJsonObject("query", new JsonObject())
                .forEach(e -> query.put(
                        e.getKey(),
                        ((JsonArray) e.getValue()).stream().map(String::valueOf).toList()));
        JsonObject principal = json.getJsonObject("principal");
        return new ServiceRequest(
                json.getString("requestId"),
                path,
                query,
                json.getValue("body"),
                principal == null ? null : Principal.fromJson(principal),
                json.getString("clientIp"));
    }
}
