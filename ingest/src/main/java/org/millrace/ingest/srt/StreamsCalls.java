package org.millrace.ingest.srt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.AuthorizePublish;
import org.millrace.core.bus.IngestStarted;
import org.millrace.core.bus.PublishAuthorization;
import org.millrace.core.bus.PublishStarted;
import org.millrace.core.bus.PublishStopped;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT ingest's requests to the streams service over the bus, each naming this ingest node and, when limited, its
 * capacity: the streams service counts the sessions each node holds.
 */
final class StreamsCalls {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsCalls.class);
    private static final long STOP_RETRY_MAX_MILLIS = 5_000;

    private final Vertx vertx;
    private final IngestSettings settings;
    private final String nodeId;
    private final AtomicInteger requests = new AtomicInteger();

    StreamsCalls(Vertx vertx, IngestSettings settings, String nodeId) {
        this.vertx = vertx;
        this.settings = settings;
        this.nodeId = nodeId;
    }

    /** May {@code streamKey} publish through this node? */
    Future<PublishAuthorization> authorize(String streamKey, Boolean encrypted, InetSocketAddress peer) {
        AuthorizePublish ask = new AuthorizePublish(streamKey, null, encrypted, nodeId, capacity());
        return call(Addresses.STREAMS_AUTHORIZE_PUBLISH, ask.toJson(), peer).map(PublishAuthorization::fromJson);
    }

    /**
     * A publisher of {@code streamId} started here, authorized with {@code grant}: refused if the key was rotated
     * meanwhile, or this node filled up since the authorization. An answer the contract cannot read fails the start
     * like a refusal: the publisher is dropped, not left hung.
     */
    Future<SessionAssignment> started(String streamId, InetSocketAddress peer, String grant) {
        PublishStarted start = new PublishStarted(streamId, publisher(peer), grant, nodeId, capacity());
        return call(Addresses.STREAMS_PUBLISH_STARTED, start.toJson(), peer).map(SessionAssignment::fromJson);
    }

    static String publisher(InetSocketAddress peer) {
        return peer.getAddress().getHostAddress() + ":" + peer.getPort();
    }

    /** This node's capacity in sessions; null when unlimited. */
    private Integer capacity() {
        return settings.capacity() == IngestSettings.UNLIMITED ? null : settings.capacity();
    }

    /**
     * Tells the streams service a publisher left, again and again while it answers 5xx (its database down): a stop
     * never written would leave the stream live, its key refused as already live. Given up only when stopping; the
     * next start marks what it left live as reconnecting.
     */
    Future<JsonObject> reportStop(String streamId, String sessionId, BooleanSupplier stopping) {
        return reportStop(streamId, sessionId, stopping, 1);
    }

    private Future<JsonObject> reportStop(String streamId, String sessionId, BooleanSupplier stopping, int attempt) {
        return call(Addresses.STREAMS_PUBLISH_STOPPED, new PublishStopped(streamId, sessionId, nodeId).toJson(), null)
                .recover(failure -> {
                    if (stopping.getAsBoolean() || !(failure instanceof ServiceException se) || se.status() < 500) {
                        return Future.failedFuture(failure);
                    }
                    if (attempt == 1) {
                        LOG.warn(
                                "stream {}: the stop of session {} is not recorded yet ({}); retrying",
                                streamId,
                                sessionId,
                                failure.getMessage());
                    }
                    Promise<JsonObject> later = Promise.promise();
                    vertx.setTimer(Math.min(STOP_RETRY_MAX_MILLIS, 250L << Math.min(attempt, 5)), t -> reportStop(
                                    streamId, sessionId, stopping, attempt + 1)
                            .onComplete(later));
                    return later.future();
                });
    }

    /**
     * The SRT ingest (re)started with no publisher ({@link IngestStarted}): how many streams left live by a dead
     * ingest turned reconnecting.
     */
    Future<Integer> ingestStarted() {
        return call(Addresses.STREAMS_INGEST_STARTED, new IngestStarted(nodeId).toJson(), null)
                .map(answer -> IngestStarted.Answer.fromJson(answer).interrupted());
    }

    // ---- bus -------------------------------------------------------------------------------------------------

    private Future<JsonObject> call(String address, JsonObject body, InetSocketAddress peer) {
        ServiceRequest request = new ServiceRequest(
                "srt-" + requests.incrementAndGet(),
                Map.of(),
                Map.of(),
                body,
                null,
                peer == null ? null : peer.getAddress().getHostAddress());
        return vertx.eventBus()
                .<ServiceResponse>request(
                        address,
                        request,
                        new DeliveryOptions()
                                .setSendTimeout(settings.busTimeout().toMillis()))
                .map(reply -> reply.body().body() instanceof JsonObject json ? json : new JsonObject())
                .recover(failure -> Future.failedFuture(ServiceException.fromReply(failure)));
    }
}
