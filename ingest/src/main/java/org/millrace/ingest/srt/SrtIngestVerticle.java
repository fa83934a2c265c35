package org.millrace.ingest.srt;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.bus.PublishAuthorization;
import org.millrace.core.bus.PublishRevoked;
import org.millrace.core.bus.PublisherStats;
import org.millrace.core.bus.PublisherStatsQuery;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionAssignment;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.logging.LogBudget;
import org.millrace.core.media.LiveInput;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.security.PublishRequest;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.ConnectionRequest;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.listener.SrtListener;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT server: a {@link SrtListener} whose accept callback parses the stream id ({@link PublishRequest}) and asks
 * the streams service ({@code authorize-publish}) over the bus, then reports each accepted publisher
 * ({@code publish-started}, {@code publish-stopped}) and hands its MPEG-TS bytes to the {@link LiveInput}. Cuts a
 * publisher whose publishing the streams service revokes ({@link Addresses#INGEST_PUBLISH_REVOKED}).
 * Answers {@link Addresses#INGEST_LIVE_STATS} (and this node's {@link Addresses#ingestLiveStats}) with the live
 * measures of a publisher, and exports them as meters. Every report names this node ({@code ingestNode}, its cluster
 * node id) so the streams service knows which node holds which session, and this node's
 * {@link IngestSettings#capacity()}: the streams service refuses a stream when the node already holds that many
 * sessions ({@code ingest_full}, answered to the caller as SRT_REJX_OVERLOAD) before anything is transcoded.
 * Logs name streams by their public id only: a stream id on the wire carries the stream key.
 */
public final class SrtIngestVerticle extends VerticleBase implements PublishSession.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(SrtIngestVerticle.class);
    private static final int REFUSALS_LOGGED_PER_MINUTE = 60;

    private final IngestSettings settings;
    private final LiveInput input;
    private final IngestMetrics metrics;
    private final String nodeId;
    /** Stream id → the publisher connected to it here. */
    private final Map<String, PublishSession> publishing = new ConcurrentHashMap<>();

    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    /** Refused callers are logged within a budget: one repeating its attempts cannot fill the log. */
    private final LogBudget refusalLog = new LogBudget(REFUSALS_LOGGED_PER_MINUTE, Duration.ofMinutes(1));
    /** Stop reports the streams service has not answered yet: stopping waits for them. */
    private final Map<PublishSession, Future<JsonObject>> stopReports = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    /** Died as a killed process would ({@link #halt}): nothing more is said to anyone. */
    private volatile boolean halted;

    private ExecutorService pumps;
    private StreamsCalls streams;
    private SrtListener listener;
    private List<Meter> listenerMeters = List.of();
    private long idleTimer = -1;

    /** The only SRT ingest, in one process. */
    public SrtIngestVerticle(IngestSettings settings, LiveInput input, MeterRegistry registry) {
        this(settings, input, registry, new LocalMembership());
    }

    public SrtIngestVerticle(
            IngestSettings settings, LiveInput input, MeterRegistry registry, ClusterMembership membership) {
        this.settings = settings;
        this.input = input;
        this.metrics = new IngestMetrics(registry);
        this.nodeId = membership.localNodeId();
    }

    /** This node's cluster id, as its reports name it. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Future<?> start() {
        pumps = Executors.newCachedThreadPool(daemonThreads("millrace-ingest-sink-"));
        streams = new StreamsCalls(vertx, settings, nodeId);
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.INGEST_LIVE_STATS, this::liveStats));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.ingestLiveStats(nodeId), this::liveStats));
        consumers.add(vertx.eventBus().<LiveEvent>consumer(Addresses.EVENTS_LIVE, this::onLiveEvent));
        consumers.add(vertx.eventBus().<PublishRevoked>consumer(Addresses.INGEST_PUBLISH_REVOKED, this::onRevoked));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .compose(registered -> announceStart())
                .compose(announced -> vertx.executeBlocking(() -> SrtListener.bind(settings.listener(), this::decide)))
                .map(bound -> {
                    listener = bound;
                    listenerMeters = new ArrayList<>(metrics.bindListener(bound.counters()));
                    listenerMeters.addAll(metrics.bindBufferBudget(bound.bufferBudget()));
                    long every = Math.max(100, settings.dataIdleTimeout().toMillis() / 4);
                    idleTimer = vertx.setPeriodic(every, tick -> dropSilentPublishers());
                    LOG.info("SRT ingest listening on udp {}", bound.localAddress());
                    return bound;
                });
    }

    /**
     * Before taking callers: tells the streams service nobody publishes here, so streams a dead ingest left live
     * (a crash) do not refuse their keys forever. Without an answer, starts anyway.
     */
    private Future<Void> announceStart() {
        return streams.ingestStarted()
                .<Void>map(stale -> {
                    if (stale > 0) {
                        LOG.info("{} stream(s) left live by a previous ingest turned reconnecting", stale);
                    }
                    return null;
                })
                .otherwise(failure -> {
                    LOG.warn(
                            "the streams service did not take the ingest's start ({}); streams left live by a "
                                    + "previous run stay live until it does",
                            failure.getMessage());
                    return null;
                });
    }

    @Override
    public Future<?> stop() {
        if (halted) {
            if (pumps != null) {
                pumps.shutdown();
            }
            return Future.succeededFuture();
        }
        stopping = true;
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        SrtListener bound = listener;
        Future<Void> closed = bound == null
                ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    bound.close(); // each publisher gets SHUTDOWN, and onClose reports it
                    return null;
                });
        return closed.eventually(
                        () -> Future.join(List.copyOf(stopReports.values()))) // each publisher's stop is recorded
                .eventually(() -> Future.all(
                        consumers.stream().map(MessageConsumer::unregister).toList()))
                .eventually(() -> {
                    metrics.remove(listenerMeters);
                    if (pumps != null) {
                        pumps.shutdown(); // pumps end once their queue is drained
                    }
                    return Future.succeededFuture();
                });
    }

    /**
     * Failover drills and tests: this node dies as a SIGKILLed process would, as far as the others can tell. Its
     * socket closes without SHUTDOWN to the callers, its bus endpoints go, and no publisher's stop is reported (the
     * cluster's member-left says it, or another node's takeover); its sinks are closed so this process frees them.
     */
    public Future<Void> halt() {
        halted = true;
        stopping = true;
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        SrtListener bound = listener;
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .<Void>compose(gone -> vertx.executeBlocking(() -> {
                    if (bound != null) {
                        bound.abort();
                    }
                    return null;
                }))
                .onComplete(done -> LOG.warn("SRT ingest node {} halted: publishers dropped unannounced", nodeId));
    }

    /** Whether a publisher of the stream is connected here. */
    boolean publishes(String streamId) {
        return publishing.containsKey(streamId);
    }

    /** The UDP address the listener is bound to (its real port when configured with 0). */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    // ---- accept ----------------------------------------------------------------------------------------------

    private CompletionStage<AcceptDecision> decide(ConnectionRequest request) {
        Optional<PublishRequest> parsed = PublishRequest.parse(request.streamId());
        if (parsed.isEmpty()) {
            logRefused("SRT caller {} refused: the stream id is not a publish request", request.peer());
            return CompletableFuture.completedFuture(AcceptDecision.reject(RejectReason.BAD_REQUEST));
        }
        return streams.authorize(parsed.get().streamKey(), request.encrypted(), request.peer())
                .map(answer -> decision(answer, request))
                .otherwise(failure -> {
                    LOG.warn(
                            "SRT caller {} refused: the streams service did not answer ({})",
                            request.peer(),
                            failure.getMessage());
                    return AcceptDecision.reject(RejectReason.UNAVAILABLE);
                })
                .toCompletionStage();
    }

    private AcceptDecision decision(PublishAuthorization answer, ConnectionRequest request) {
        if (!answer.allowed()) {
            String reason = answer.reason();
            RejectReason rejection =
                    switch (reason) {
                        case PublishAuthorization.UNKNOWN_KEY -> RejectReason.NOT_FOUND;
                        case PublishAuthorization.ALREADY_LIVE -> RejectReason.CONFLICT;
                        case PublishAuthorization.BAD_PASSPHRASE -> RejectReason.BADSECRET;
                        case PublishAuthorization.PASSPHRASE_REQUIRED -> RejectReason.UNSECURE;
                        // libsrt's SRT_REJX_OVERLOAD (1402, "exceeded credits"): the account's cap, not the key, said
                        // no.
                        case PublishAuthorization.PUBLISHER_LIMIT -> RejectReason.OVERLOAD;
                        // The same code: this node is at its capacity; the dashboard tells the two apart.
                        case PublishAuthorization.INGEST_FULL -> RejectReason.OVERLOAD;
                        default -> RejectReason.FORBIDDEN; // disabled
                    };
            logRefused("SRT caller {} refused: {}", request.peer(), reason);
            return AcceptDecision.reject(rejection);
        }
        String streamId = answer.streamId();
        if (publishing.containsKey(streamId)) {
            logRefused("SRT caller {} refused: stream {} already has a publisher here", request.peer(), streamId);
            return AcceptDecision.reject(RejectReason.CONFLICT);
        }
        LOG.info("SRT caller {} authorized for stream {}", request.peer(), streamId);
        return AcceptDecision.accept(
                answer.passphrase(), new PublishSession(streamId, answer.grant(), settings.sinkQueue(), this));
    }

    // ---- publisher life cycle ----------------------------------------------------------------------------------

    @Override
    public void opened(PublishSession session) {
        SrtConnectionInfo connection = session.connection();
        PublishSession previous = publishing.putIfAbsent(session.streamId, session);
        if (previous != null) {
            logRefused("stream {}: a second publisher from {} is dropped", session.streamId, connection.peer());
            session.discard();
            session.closeConnection();
            return;
        }
        streams.started(session.streamId, connection.peer(), session.grant).onComplete(started -> {
            if (started.failed()) {
                logRefused(
                        "stream {}: publisher from {} refused at start ({})",
                        session.streamId,
                        connection.peer(),
                        started.cause().getMessage());
                publishing.remove(session.streamId, session);
                session.discard();
                session.closeConnection();
                return;
            }
            SessionAssignment answer = started.result();
            String sessionId = answer.sessionId();
            boolean resumed = answer.resumed();
            LiveSessionInfo info = new LiveSessionInfo(
                    session.streamId,
                    sessionId,
                    resumed,
                    answer.startedAt(),
                    StreamsCalls.publisher(connection.peer()),
                    connection.latencyMillis(),
                    connection.encrypted());
            session.meters = metrics.bindConnection(session.streamId, connection::statistics, session::overflowBytes);
            LOG.info(
                    "stream {} publishing from {} (libsrt {}, latency {} ms{}), session {} {}",
                    session.streamId,
                    connection.peer(),
                    connection.peerVersion(),
                    connection.latencyMillis(),
                    connection.encrypted() ? ", encrypted" : "",
                    sessionId,
                    resumed ? "resumed" : "started");
            pumps.execute(session.pump(input, info, failure -> {
                LOG.error("live sink of stream {} failed; dropping the publisher", session.streamId, failure);
                session.closeConnection();
            }));
            if (session.markStarted(sessionId)) {
                reportStopped(session); // it left while the service was answering
            }
        });
    }

    @Override
    public void closed(PublishSession session) {
        if (halted) {
            publishing.remove(session.streamId, session);
            return;
        }
        if (session.markClosed()) {
            reportStopped(session);
        }
        // else: refused or still starting; the start's answer finishes the job
    }

    private void reportStopped(PublishSession session) {
        if (!session.claimStopReport()) {
            return;
        }
        publishing.remove(session.streamId, session);
        metrics.remove(session.meters);
        String sessionId = session.sessionId();
        LOG.info("stream {} publisher left ({}), session {}", session.streamId, session.endReason(), sessionId);
        Future<JsonObject> report = streams.reportStop(session.streamId, sessionId, () -> stopping);
        stopReports.put(session, report);
        report.onComplete(done -> stopReports.remove(session))
                .onFailure(e -> LOG.warn(
                        "stream {}: reporting the publisher's stop failed: {}", session.streamId, e.getMessage()));
    }

    /** Publishers that keep the connection alive but send no media stop being live (as if they had left). */
    private void dropSilentPublishers() {
        long now = System.nanoTime();
        long limit = settings.dataIdleTimeout().toNanos();
        for (PublishSession session : publishing.values()) {
            if (now - session.lastDataNanos() > limit && session.endReason() == null) {
                LOG.info(
                        "stream {}: no media for {} ms; dropping the publisher",
                        session.streamId,
                        settings.dataIdleTimeout().toMillis());
                session.closeConnection();
            }
        }
    }

    /**
     * A session is over: the live input finishes its output (the playlists end only now, not when a publisher
     * leaves, so viewers play through a reconnect), and a publisher still connected to it (its stream was deleted or
     * otherwise ended) is dropped.
     */
    private void onLiveEvent(Message<LiveEvent> message) {
        LiveEvent event = message.body();
        if (!event.is(LiveEvents.ENDED)) {
            return;
        }
        input.sessionEnded(event.streamId(), event.sessionId());
        PublishSession session = publishing.get(event.streamId());
        if (session != null && event.sessionId().equals(session.sessionId())) {
            LOG.info("stream {}: session ended by the streams service; dropping its publisher", session.streamId);
            session.closeConnection();
        }
    }

    /**
     * The stream's key was rotated, or the stream disabled or deleted: its publisher, if it is here, is cut now
     * (SHUTDOWN to the caller); its stop is reported as any other, and the streams service has already ended the
     * session. A publisher that was authorized but not yet started is refused at its start instead (its grant no
     * longer matches, or the stream is disabled or gone).
     */
    private void onRevoked(Message<PublishRevoked> message) {
        PublishRevoked revoked = message.body();
        PublishSession session = revoked == null ? null : publishing.get(revoked.streamId());
        if (session != null) {
            LOG.info(
                    "stream {}: publishing revoked ({}); cutting its publisher from {}",
                    session.streamId,
                    revoked.reason(),
                    session.connection().peer());
            session.closeConnection();
        }
    }

    /** A refused caller's line, within the budget. */
    private void logRefused(String format, Object... args) {
        String note = refusalLog.admit();
        if (note != null) {
            Object[] withNote = Arrays.copyOf(args, args.length + 1);
            withNote[args.length] = note;
            LOG.info(format + "{}", withNote);
        }
    }

    // ---- stats -----------------------------------------------------------------------------------------------

    private Future<ServiceResponse> liveStats(ServiceRequest request) {
        String streamId = PublisherStatsQuery.fromJson(request.bodyObject()).streamId();
        PublishSession session = streamId == null ? null : publishing.get(streamId);
        SrtConnectionInfo connection = session == null ? null : session.connection();
        if (connection == null) {
            return Future.succeededFuture(
                    ServiceResponse.ok(PublisherStats.disconnected(streamId).toJson()));
        }
        return Future.succeededFuture(ServiceResponse.ok(
                PublisherMeasures.of(streamId, connection, session.overflowBytes(), session.sinkStats())
                        .toJson()));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
