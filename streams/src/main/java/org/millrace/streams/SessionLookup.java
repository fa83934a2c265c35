package org.millrace.streams;

import io.vertx.core.Future;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionDetails;
import org.millrace.core.bus.SessionQuery;

/**
 * The internal {@code millrace.streams.session} operation ({@link SessionQuery} → {@link SessionDetails}): one live
 * session and what the recorder needs of its stream (title, description, owner, recording visibility), answered
 * from the database so it is right after a restart too. Not routed by the gateway: only services on the bus call it.
 */
public final class SessionLookup {
    private final StreamRepository repository;

    public SessionLookup(StreamRepository repository) {
        this.repository = repository;
    }

    public Future<ServiceResponse> session(ServiceRequest request) {
        SessionQuery query = SessionQuery.fromJson(request.bodyObject());
        return repository.findSession(query.streamId(), query.sessionId()).map(found -> {
            StreamRepository.SessionRow row = found.orElseThrow(() -> ServiceException.notFound("no such session"));
            StreamRow s = row.stream();
            return ServiceResponse.ok(new SessionDetails(
                            s.id(),
                            s.title(),
                            s.description(),
                            s.ownerId(),
                            s.ownerUsername(),
                            s.recordingVisibility(),
                            s.status().wire(),
                            s.sessionId(),
                            row.sessionId(),
                            row.startedAt(),
                            row.endedAt())
                    .toJson());
        });
    }
}
