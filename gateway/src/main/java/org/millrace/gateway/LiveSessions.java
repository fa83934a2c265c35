package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;

/**
 * Asks the streams service, over the bus, which session of a stream is on air. The gateway never reads the
 * streams table: the same answer {@code GET /api/streams/{id}} gives ({@code status}, {@code sessionId}) decides.
 * Answers are remembered for a moment so that a player's segment requests do not each cost a bus hop. With
 * several gateways a player's requests are spread over them: the one that answered its master playlist knows the new
 * session, another may remember the previous answer; so a remembered "not this session" is checked again (at most
 * every {@link #RECHECKED_WITHIN}) before a file is refused. A remembered "yes" may outlive its session by
 * {@link #REMEMBERED_FOR}, on each gateway as in one process.
 */
final class LiveSessions {
    /** How long a session file request may rely on an earlier answer. */
    static final Duration REMEMBERED_FOR = Duration.ofSeconds(2);
    /** A refusal relies on an answer at most this old: a flood of wrong session ids costs a few hops a second. */
    static final Duration RECHECKED_WITHIN = Duration.ofMillis(250);

    private static final int MAX_REMEMBERED = 10_000;

    private final EventBus bus;
    private final DeliveryOptions delivery;
    private final RecentAnswers<String> recent;

    LiveSessions(EventBus bus, Duration timeout) {
        this.bus = bus;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
        this.recent = new RecentAnswers<>(REMEMBERED_FOR, MAX_REMEMBERED);
    }

    /**
     * Whether {@code sessionId} is the stream's session on air now. A remembered answer may be used: a player
     * learns a new session only from the master playlist, and {@link #current} always asks afresh and refreshes
     * what is remembered, so a stream that just went live is never refused its new session's files. Fails only
     * when the service cannot answer (503, 504); an unknown or offline stream is simply {@code false}.
     */
    Future<Boolean> isCurrent(String streamId, String sessionId, String requestId, String clientIp) {
        var remembered = recent.recent(streamId);
        if (remembered.isEmpty()) {
            return matches(current(streamId, requestId, clientIp), sessionId);
        }
        return matches(remembered.get(), sessionId)
                .compose(match ->
                        match || recent.recent(streamId, RECHECKED_WITHIN).isPresent()
                                ? Future.succeededFuture(match)
                                : matches(current(streamId, requestId, clientIp), sessionId));
    }

    private static Future<Boolean> matches(Future<String> current, String sessionId) {
        return current.map(sessionId::equals)
                .recover(failure -> failure instanceof ServiceException e && e.status() == 404
                        ? Future.succeededFuture(false)
                        : Future.failedFuture(failure));
    }

    /**
     * The current session id of a {@code live} or {@code reconnecting} stream (a short drop keeps it playable);
     * fails with a 404 {@link ServiceException} for an offline or unknown stream, or the service's own failure.
     * Always asks the service (a player fetches the master once, then polls media playlists), or joins the question
     * already asked ({@link RecentAnswers#ask}).
     */
    Future<String> current(String streamId, String requestId, String clientIp) {
        return recent.ask(streamId, () -> ask(streamId, requestId, clientIp));
    }

    private Future<String> ask(String streamId, String requestId, String clientIp) {
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
