package org.millrace.recorder;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionDetails;
import org.millrace.core.bus.SessionQuery;

/**
 * Asks the streams service about one live session over the bus. Empty when the stream or the session does not
 * exist (any more); a failed future when the service could not answer (down, timeout), which callers retry later.
 */
public final class LiveSessionLookup {
    private final EventBus bus;
    private final Duration timeout;

    public LiveSessionLookup(EventBus bus, Duration timeout) {
        this.bus = bus;
        this.timeout = timeout;
    }

    public Future<Optional<LiveSession>> find(String streamId, String sessionId) {
        ServiceRequest request = new ServiceRequest(
                "recorder-" + sessionId,
                Map.of(),
                Map.of(),
                new SessionQuery(streamId, sessionId).toJson(),
                null,
                null);
        return bus.<ServiceResponse>request(
                        Addresses.STREAMS_SESSION, request, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
                .map(reply -> Optional.of(LiveSession.of(
                        SessionDetails.fromJson((JsonObject) reply.body().body()))))
                .recover(failure -> {
                    ServiceException error = ServiceException.fromReply(failure);
                    return error.status() == 404
                            ? Future.succeededFuture(Optional.empty())
                            : Future.failedFuture(error);
                });
    }
}
