package org.millrace.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A service's successful answer: a status in the 2xx range and a JSON body (or none). Failures travel as
 * {@link ServiceException}s instead.
 */
public record ServiceResponse(int status, Object body) {

    public ServiceResponse {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a ServiceResponse is a success; use ServiceException for " + status);
        }
        if (body != null && !(body instanceof JsonObject) && !(body instanceof JsonArray)) {
            throw new IllegalArgumentException("body must be a JSON object or array");
        }
    }

    public static ServiceResponse ok(Object body) {
        return new ServiceResponse(200, body);
    }

    public static ServiceResponse created(Object body) {
        return new ServiceResponse(201, body);
    }

    public static ServiceResponse noContent() {
        return new ServiceResponse(204, null);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", status);
        if (body != null) {
            json.put("body", body);
        }
        return json;
    }

    public static ServiceResponse fromJson(JsonObject json) {
        return new ServiceResponse(json.getInteger("status"), json.getValue("body"));
    }
}
