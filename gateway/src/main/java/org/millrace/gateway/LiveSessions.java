package org.millrace.gateway;

import java.time.Duration;
import java.util.Map;

import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Asks the streams service, over the bus, which session of a stream is on air. The gateway never reads the
 * streams table: the same answer {@code GET /api/streams/{id}} gives ({@code status}, {@code sessionId}) decides.
 */
final class LiveSessions {
    private final EventBus bus;
    private final DeliveryOptions delivery;

    LiveSessions(EventBus bus, Duration timeout) {
        this.bus = bus;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    }

    /**
     * The current session id of a {@code live} or {@code reconnecting} stream (a short drop keeps it playable);
     * fails with a 404 {@link ServiceException} for an offline or unknown stream, or the service's own failure.
     */
    Future<String> current(String streamId, String requestId, String clientIp) {
        ServiceRequest request = new ServiceRequest(requestId, Map.of("id", streamId), Map.of(), null, null, clientIp);
        return bus.<ServiceResponse>request(Addresses.STREAMS_GET, request, delivery)
                .recover(failure -> Future.failedFuture(ServiceException.fromReply(failure)))
                .map(reply -> {
                    Object body = reply.body().body();
                    JsonObject stream = body instanceof JsonObject ? (JsonObject) body : new JsonObject();
                    String status = stream.getString("status");
                    String sessionId = stream.getString("sessionId");
                    if (!"live".equals(status) && !"reconnecting".equals(status)) {
                        throw new ServiceException(404, "stream_offline", "the stream is not live");
                    }
                    if (!LiveMediaFiles.isId(sessionId)) {
                        throw new ServiceException(404, "stream_offline", "the stream has no live session");
                    }
                    return sessionId;
                });
    }
}
