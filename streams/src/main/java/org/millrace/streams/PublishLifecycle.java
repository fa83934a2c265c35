package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.bus.PublishAuthorization;
import org.millrace.core.bus.PublishRevoked;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.logging.LogBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's life on air, as the SRT ingest reports it: authorize a key, a publisher started, a publisher
 * stopped. A stop turns the stream {@code reconnecting}; if no publisher returns within the grace window a timer
 * ends the session and the stream goes {@code offline}, otherwise the returning publisher continues the same
 * session. Rotating the key, disabling or deleting the stream revokes its publishing: the publisher is cut and the
 * session ends at once. Every change is also published on {@link Addresses#EVENTS_LIVE}. The timer only makes the
 * end prompt on the instance that armed it: {@link OverdueGraces}, run by every instance, ends a grace whose timer
 * died with its instance.
 * <p>
 * With several SRT ingest nodes (a clustered event bus) each live stream remembers the node holding its publisher:
 * when that node leaves the cluster its streams turn reconnecting, and a publisher reconnecting to another node
 * takes the session over (even before the departure is noticed: a stream live on a node that is no longer a member
 * is not {@code already_live}).
 */
public final class PublishLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PublishLifecycle.class);
    /** How long a pipeline may take to flush after its publisher was cut, before the recorder is told. */
    static final Duration SINK_FLUSH_ALLOWANCE = Duration.ofSeconds(5);

    private static final int REFUSALS_LOGGED_PER_MINUTE = 60;
    private static final Duration END_RETRY = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final StreamRepository repository;
    private final StreamKeys keys;
    private final PassphraseCipher cipher;
    private final ViewerCounter viewers;
    private final PublishRefusals refusals;
    private final ClusterMembership membership;
    private final Duration grace;
    private final int maxPublishersPerAccount;
    /** stream id → pending grace timer (at most one per stream). */
    private final Map<String, Long> graceTimers = new ConcurrentHashMap<>();
    /** Refusals are logged within a budget: a caller repeating a bad key cannot fill the log. */
    private final LogBudget refusalLog = new LogBudget(REFUSALS_LOGGED_PER_MINUTE, Duration.ofMinutes(1));

    public PublishLifecycle(
            Vertx vertx,
            StreamRepository repository,
            StreamKeys keys,
            PassphraseCipher cipher,
            ViewerCounter viewers,
            PublishRefusals refusals,
            StreamsSettings settings,
            ClusterMembership membership) {
        this.vertx = vertx;
        this.repository = repository;
        this.keys = keys;
        this.cipher = cipher;
        this.viewers = viewers;
        this.refusals = refusals;
        this.membership = membership;
        this.grace = settings.reconnectGrace();
        this.maxPublishersPerAccount = settings.maxPublishersPerAccount();
    }

    /**
     * May {@code streamKey} publish? {@code passphrase}, when the caller knows the one presented, must match;
     * {@code encrypted} false (the caller asked for no encryption) is refused on a stream with a passphrase.
     * Either may be null: the SRT handshake then enforces the passphrase returned in the decision. The ingest node
     * asking ({@code ingestNode}) may hold {@code ingestCapacity} sessions (null: no limit): one that holds as many
     * others is refused {@code ingest_full}; a session it already holds (its publisher coming back within the grace)
     * is not counted twice. A refusal of a known key is remembered for the owner's dashboard.
     */
    public Future<PublishAuthorization> authorize(
            String streamKey, String passphrase, Boolean encrypted, String ingestNode, Integer ingestCapacity) {
        if (!StreamKeys.looksLikeKey(streamKey)) {
            return Future.succeededFuture(PublishAuthorization.refuse(PublishAuthorization.UNKNOWN_KEY));
        }
        byte[] keyHash = keys.hash(streamKey);
        return repository
                .findByKeyHash(keyHash)
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.succeededFuture(PublishAuthorization.refuse(PublishAuthorization.UNKNOWN_KEY));
                    }
                    StreamRow stream = found.get();
                    String refusal = refusal(stream, passphrase, encrypted);
                    if (refusal != null) {
                        return Future.succeededFuture(refused(stream.id(), refusal));
                    }
                    return repository.countLive(stream.ownerId(), stream.id()).compose(live -> {
                        if (live >= maxPublishersPerAccount) {
                            return Future.succeededFuture(refused(stream.id(), PublishAuthorization.PUBLISHER_LIMIT));
                        }
                        return nodeFull(stream, ingestNode, ingestCapacity)
                                .map(full -> full
                                        ? refused(stream.id(), PublishAuthorization.INGEST_FULL)
                                        : PublishAuthorization.allow(
                                                stream.id(), passphrase(stream), PublishGrant.encode(keyHash)));
                    });
                })
                .onSuccess(decision -> {
                    String note = decision.allowed() ? "" : refusalLog.admit();
                    if (note != null) {
                        LOG.info("publish authorization: {}{}", decision, note);
                    }
                });
    }

    private String refusal(StreamRow stream, String passphrase, Boolean encrypted) {
        if (stream.disabled()) {
            return PublishAuthorization.DISABLED;
        }
        if (stream.status() == LiveStatus.LIVE && !departed(stream.ingestNode())) {
            return PublishAuthorization.ALREADY_LIVE; // one publisher per stream: the newcomer never replaces it
        }
        String required = passphrase(stream);
        if (passphrase != null && (required == null || !sameSecret(passphrase, required))) {
            return PublishAuthorization.BAD_PASSPHRASE;
        }
        if (Boolean.FALSE.equals(encrypted) && required != null) {
            return PublishAuthorization.PASSPHRASE_REQUIRED;
        }
        return null;
    }

    /** Whether {@code ingestNode} already holds {@code capacity} sessions other than the stream's. */
    private Future<Boolean> nodeFull(StreamRow stream, String ingestNode, Integer capacity) {
        if (ingestNode == null || capacity == null) {
            return Future.succeededFuture(false);
        }
        return repository.countHeldBy(ingestNode, stream.id()).map(held -> held >= capacity);
    }

    /**
     * Whether the ingest node {@code node} has left the cluster: its publishers are gone and it will never report
     * their stop. Never in one process (one ingest, which reports its own restart with {@link #ingestStarted}).
     */
    private boolean departed(String node) {
        return node != null && membership.clustered() && !membership.isMember(node);
    }

    private String passphrase(StreamRow stream) {
        return stream.passphraseSealed() == null ? null : cipher.decrypt(stream.id(), stream.passphraseSealed());
    }

    private PublishAuthorization refused(String streamId, String reason) {
        refusals.refused(streamId, reason);
        return PublishAuthorization.refuse(reason);
    }

    /**
     * A publisher is connected and sending: a new session, or the interrupted one resumed within the grace.
     * {@code grant} (from the authorization; null skips the check) must still be the stream's key. The session is
     * held by {@code ingestNode} (null: unknown) from now on, if it holds fewer than {@code ingestCapacity} others
     * (null: no limit); one still live on a departed node is taken over.
     */
    public Future<StreamRepository.StartOutcome> started(
            String streamId, String publisher, byte[] grant, String ingestNode, Integer ingestCapacity) {
        return repository
                .startPublishing(
                        streamId,
                        keys.newId(),
                        publisher,
                        grant,
                        maxPublishersPerAccount,
                        new StreamRepository.IngestPlace(ingestNode, ingestCapacity, this::departed))
                .onSuccess(outcome -> {
                    cancelGrace(streamId);
                    refusals.cleared(streamId);
                    LOG.info(
                            "stream {} live on ingest node {}, session {} {}",
                            streamId,
                            ingestNode,
                            outcome.sessionId(),
                            outcome.takenOver()
                                    ? "taken over from a departed node"
                                    : outcome.resumed() ? "resumed" : "started");
                    event(outcome.resumed() ? LiveEvents.RESUMED : LiveEvents.STARTED, streamId, outcome.sessionId());
                })
                .onFailure(failure -> {
                    if (failure instanceof ServiceException refused && refused.status() != 404) {
                        refusals.refused(streamId, refused.code());
                    }
                });
    }

    /**
     * The publisher went away: the stream turns reconnecting and goes offline after the grace window unless it
     * comes back. {@code sessionId} null means whatever session is current; {@code ingestNode} (null: any) must be
     * the node holding it. Answers the status afterwards.
     */
    public Future<LiveStatus> stopped(String streamId, String sessionId, String ingestNode) {
        return repository.markReconnecting(streamId, sessionId, ingestNode).compose(changed -> {
            if (changed.isEmpty()) {
                // Already stopped, another session, or no such stream: a repeated stop is harmless.
                return repository.findById(streamId).map(row -> row.map(StreamRow::status)
                        .orElse(LiveStatus.OFFLINE));
            }
            scheduleOffline(streamId, changed.get());
            event(LiveEvents.INTERRUPTED, streamId, changed.get());
            return Future.succeededFuture(LiveStatus.RECONNECTING);
        });
    }

    /**
     * An SRT ingest (re)started without publishers: streams left live by one that died (a crash, a kill) would
     * refuse their key as {@code already_live} forever, so they turn reconnecting and get the grace like any drop.
     * In one process that is every live stream (the only ingest restarted). Clustered, only the streams held by
     * nodes no longer in the cluster: the other nodes' publishers are on air. Answers how many were interrupted.
     */
    public Future<Integer> ingestStarted() {
        return (membership.clustered()
                        ? repository.markLiveReconnectingExcept(membership.members())
                        : repository.markAllLiveReconnecting())
                .map(stale -> interrupted(stale, "the ingest started"));
    }

    /**
     * Clustered: an ingest node left (died, or was cut off). Its live streams turn reconnecting with the grace,
     * for their publishers to come back through another node. Answers how many were interrupted.
     */
    public Future<Integer> nodeLeft(String node) {
        return repository.markNodeReconnecting(node).map(stale -> interrupted(stale, "ingest node " + node + " left"));
    }

    /**
     * Clustered, at the service's start: streams still live on nodes that left while no streams service ran turn
     * reconnecting (a member-left nobody heard).
     */
    public Future<Integer> sweepDepartedNodes() {
        if (!membership.clustered()) {
            return Future.succeededFuture(0);
        }
        return repository
                .markLiveReconnectingExcept(membership.members())
                .map(stale -> interrupted(stale, "its ingest node is gone"));
    }

    private int interrupted(List<StreamRepository.Reconnecting> stale, String why) {
        stale.forEach(p -> {
            LOG.info("stream {} was live when {}; reconnecting, session {}", p.streamId(), why, p.sessionId());
            scheduleOffline(p.streamId(), p.sessionId());
            event(LiveEvents.INTERRUPTED, p.streamId(), p.sessionId());
        });
        return stale.size();
    }

    /** Re-arms the grace timers of streams left reconnecting by a previous run of the service. */
    public Future<Void> resumePendingGraces() {
        return repository.reconnecting().map(pending -> {
            pending.forEach(p -> scheduleOffline(p.streamId(), p.sessionId()));
            return null;
        });
    }

    /**
     * The stream's key was rotated or the stream disabled: its session ends now (no reconnect grace: the old key is
     * refused anyway) and every ingest node is told to cut the publisher. The recorder's cue, {@code stream.ended},
     * follows after {@link #SINK_FLUSH_ALLOWANCE} so the pipeline the cut publisher fed can list its last segments.
     */
    public Future<Void> revoke(StreamRow stream, String reason) {
        cancelGrace(stream.id());
        return repository
                .endSessionNow(stream.id())
                .otherwise(failure -> {
                    LOG.error(
                            "stream {}: could not end its session on revocation ({}); the publisher is cut anyway",
                            stream.id(),
                            failure.getMessage());
                    return Optional.empty();
                })
                .map(ended -> {
                    revoked(stream.id(), reason);
                    ended.ifPresent(sessionId -> {
                        viewers.forget(stream.id());
                        LOG.info("stream {} offline, session {} ended ({})", stream.id(), sessionId, reason);
                        vertx.setTimer(
                                Math.min(grace.toMillis(), SINK_FLUSH_ALLOWANCE.toMillis()),
                                t -> event(LiveEvents.ENDED, stream.id(), sessionId));
                    });
                    return null;
                });
    }

    /** Stops tracking a deleted stream; its publisher is cut and a live session is announced as ended. */
    public void deleted(StreamRow stream) {
        cancelGrace(stream.id());
        viewers.forget(stream.id());
        refusals.cleared(stream.id());
        revoked(stream.id(), PublishRevoked.DELETED);
        if (stream.sessionId() != null) {
            event(LiveEvents.ENDED, stream.id(), stream.sessionId());
        }
    }

    private void revoked(String streamId, String reason) {
        LOG.info("stream {}: publishing revoked ({})", streamId, reason);
        vertx.eventBus().publish(Addresses.INGEST_PUBLISH_REVOKED, new PublishRevoked(streamId, reason));
    }

    public void close() {
        graceTimers.keySet().forEach(this::cancelGrace);
    }

    private void scheduleOffline(String streamId, String sessionId) {
        scheduleOffline(streamId, sessionId, grace);
    }

    private void scheduleOffline(String streamId, String sessionId, Duration after) {
        cancelGrace(streamId);
        long timer = vertx.setTimer(after.toMillis(), fired -> {
            graceTimers.remove(streamId, fired);
            repository
                    .endSession(streamId, sessionId)
                    .onSuccess(ended -> {
                        if (ended) {
                            sessionEnded(streamId, sessionId);
                        }
                    })
                    .onFailure(e -> {
                        // The database is down: try again later, or the stream would stay reconnecting for good.
                        LOG.warn(
                                "could not end session {} of stream {} ({}); trying again in {} s",
                                sessionId,
                                streamId,
                                e.getMessage(),
                                END_RETRY.toSeconds());
                        scheduleOffline(streamId, sessionId, END_RETRY);
                    });
        });
        graceTimers.put(streamId, timer);
    }

    /**
     * The grace of {@code sessionId} ran out and this instance's statement ended it (its own timer, or the sweep of
     * {@link OverdueGraces} that every instance runs): announced once, by whoever ended it.
     */
    public void sessionEnded(String streamId, String sessionId) {
        cancelGrace(streamId);
        viewers.forget(streamId);
        LOG.info("stream {} offline, session {} ended", streamId, sessionId);
        event(LiveEvents.ENDED, streamId, sessionId);
    }

    private void cancelGrace(String streamId) {
        Long timer = graceTimers.remove(streamId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void event(String type, String streamId, String sessionId) {
        vertx.eventBus().publish(Addresses.EVENTS_LIVE, LiveEvent.of(type, streamId, sessionId));
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
