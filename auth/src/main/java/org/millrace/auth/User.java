package org.millrace.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.millrace.core.security.Principal;

/** An account as stored; its password hash never leaves the service and stays out of {@link #toString()}. */
public record User(
        String id, String username, String email, List<String> roles, Instant createdAt, String passwordHash) {
    public User {
        roles = List.copyOf(roles);
    }

    public Principal principal() {
        return new Principal(id, username, roles);
    }

    /** The public shape {@code {id,username,email,roles,createdAt}}; the e-mail only for the user themself. */
    public JsonObject toJson(boolean withEmail) {
        JsonObject json = new JsonObject().put("id", id).put("username", username);
        if (withEmail) {
            json.put("email", email);
        }
        return json.put("roles", new JsonArray(roles)).put("createdAt", createdAt.toString());
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", roles=" + roles + "]";
    }
}
