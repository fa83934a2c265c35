package org.millrace.ingest.streams;

import java.time.Instant;

import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The internal {@code millrace.streams.session} operation: one live session and what the recorder needs of its
 * stream (title, description, owner, recording visibility), answered from the database so it is right after a
 * restart too. Not routed by the gateway: only services on the bus call it.
 */
public final class SessionLookup {
    private final StreamRepository repository;

    public SessionLookup(StreamRepository repository) {
        this.repository = repository;
    }

    public Future<ServiceResponse> session(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        Object streamId = body.getValue("streamId");
        Object sessionId = body.getValue("sessionId");
        if (!(streamId instanceof String stream) || !(sessionId instanceof String session)) {
            throw ServiceException.badRequest("invalid_body", "streamId and sessionId are required");
        }
        return repository.findSession(stream, session).map(found -> {
            StreamRepository.SessionRow row = found.orElseThrow(() -> ServiceException.notFound("no such session"));
            StreamRow s = row.stream();
            return ServiceResponse.ok(new JsonObject()
                    .put("streamId", s.id())
                    .put("title", s.title())
                    .put("description", s.description())
                    .put("ownerId", s.ownerId())
                    .put("ownerUsername", s.ownerUsername())
                    .put("recordingVisibility", s.recordingVisibility())
                    .put("status", s.status().wire())
                    .put("currentSessionId", s.sessionId())
                    .put("session", new JsonObject()
                            .put("id", row.sessionId())
                            .put("startedAt", time(row.startedAt()))
                            .put("endedAt", time(row.endedAt()))));
        });
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
