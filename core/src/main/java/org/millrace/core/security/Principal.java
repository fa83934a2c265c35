package org.millrace.core.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/** Who is calling, as the gateway authenticated them: carried to services with every request. */
public record Principal(String userId, String username, List<String> roles) {
    public static final String ROLE_USER = "user";
    public static final String ROLE_MODERATOR = "moderator";
    public static final String ROLE_ADMIN = "admin";

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ROLE_ADMIN);
    }

    public JsonObject toJson() {
        return new JsonObject().put("userId", userId).put("username", username).put("roles", new JsonArray(roles));
    }

    public static Principal fromJson(JsonObject json) {
        JsonArray roles = json.getJsonArray("roles", new JsonArray());
        return new Principal(
                json.getString("userId"),
                json.getString("username"),
                roles.stream().map(String::valueOf).toList());
    }
}
