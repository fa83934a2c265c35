package org.millrace.ingest.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.bus.PublishAuthorization;
import org.millrace.core.bus.PublishRevoked;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.logging.LogBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A stream's life on air, as the SRT ingest reports it: authorize a key, a publisher started, a publisher
 * stopped. A stop turns the stream {@code reconnecting}; if no publisher returns within the grace window a timer
 * ends the session and the stream goes {@code offline}, otherwise the returning publisher continues the same
 * session. Rotating the key, disabling or deleting the stream revokes its publishing: the publisher is cut and the
 * session ends at once. Every change is also published on {@link Addresses#EVENTS_LIVE}. The timer only makes the
 * end prompt on the instance that armed it: {@link OverdueGraces}, run by every instance, ends a grace whose timer
 * died with its instance.
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
    private final Duration grace;
    private final int maxPublishersPerAccount;
    /** stream id → pending grace timer (at most one per stream). */
    private final Map<String, Long> graceTimers = new ConcurrentHashMap<>();
    /** Refusals are logged within a budget: a caller repeating a bad key cannot fill the log. */
    private final LogBudget refusalLog = new LogBudget(REFUSALS_LOGGED_PER_MINUTE, Duration.ofMinutes(1));

    public PublishLifecycle(Vertx vertx, StreamRepository repository, StreamKeys keys, PassphraseCipher cipher,
                            ViewerCounter viewers, PublishRefusals refusals, StreamsSettings settings) {
        this.vertx = vertx;
        this.repository = repository;
        this.keys = keys;
        this.cipher = cipher;
        this.viewers = viewers;
        this.refusals = refusals;
        this.grace = settings.reconnectGrace();
        this.maxPublishersPerAccount = settings.maxPublishersPerAccount();
    }

    /**
     * May {@code streamKey} publish? {@code passphrase}, when the caller knows the one presented, must match;
     * {@code encrypted} false (the caller asked for no encryption) is refused on a stream with a passphrase.
     * Either may be null: the SRT handshake then enforces the passphrase returned in the decision. A refusal of a
     * known key is remembered for the owner's dashboard.
     */
    public Future<PublishAuthorization> authorize(String streamKey, String passphrase, Boolean encrypted) {
        if (!StreamKeys.looksLikeKey(streamKey)) {
            return Future.succeededFuture(PublishAuthorization.refuse(PublishAuthorization.UNKNOWN_KEY));
        }
        byte[] keyHash = keys.hash(streamKey);
        return repository.findByKeyHash(keyHash).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(PublishAuthorization.refuse(PublishAuthorization.UNKNOWN_KEY));
            }
            StreamRow stream = found.get();
            String refusal = refusal(stream, passphrase, encrypted);
            if (refusal != null) {
                return Future.succeededFuture(refused(stream.id(), refusal));
            }
            return repository.countLive(stream.ownerId(), stream.id()).map(live -> live >= maxPublishersPerAccount
                    ? refused(stream.id(), PublishAuthorization.PUBLISHER_LIMIT)
                    : PublishAuthorization.allow(stream.id(), passphrase(stream), PublishGrant.encode(keyHash)));
        }).onSuccess(decision -> {
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
        if (stream.status() == LiveStatus.LIVE) {
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

    private String passphrase(StreamRow stream) {
        return stream.passphraseSealed() == null ? null : cipher.decrypt(stream.id(), stream.passphraseSealed());
    }

    private PublishAuthorization refused(String streamId, String reason) {
        refusals.refused(streamId, reason);
        return PublishAuthorization.refuse(reason);
    }

    /**
     * A publisher is connected and sending: a new session, or the interrupted one resumed within the grace.
     * {@code grant} (from the authorization; null skips the check) must still be the stream's key.
     */
    public Future<StreamRepository.StartOutcome> started(String streamId, String publisher, byte[] grant) {
        return repository.startPublishing(streamId, keys.newId(), publisher, grant, maxPublishersPerAccount)
                .onSuccess(outcome -> {
                    cancelGrace(streamId);
                    refusals.cleared(streamId);
                    LOG.info("stream {} live, session {} {}", streamId, outcome.sessionId(),
                            outcome.resumed() ? "resumed" : "started");
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
     * comes back. {@code sessionId} null means whatever session is current. Answers the status afterwards.
     */
    public Future<LiveStatus> stopped(String streamId, String sessionId) {
        return repository.markReconnecting(streamId, sessionId).compose(changed -> {
            if (changed.isEmpty()) {
                // Already stopped, another session, or no such stream: a repeated stop is harmless.
                return repository.findById(streamId).map(row -> row.map(StreamRow::status).orElse(LiveStatus.OFFLINE));
            }
            scheduleOffline(streamId, changed.get());
            event(LiveEvents.INTERRUPTED, streamId, changed.get());
            return Future.succeededFuture(LiveStatus.RECONNECTING);
        });
    }

    /**
     * The SRT ingest (re)started without publishers: streams left live by one that died (a crash, a kill) would
     * refuse their key as {@code already_live} forever, so they turn reconnecting and get the grace like any drop.
     * Assumes one SRT ingest, as the single UDP port does. Answers how many were interrupted.
     */
    public Future<Integer> ingestStarted() {
        return repository.markAllLiveReconnecting().map(stale -> {
            stale.forEach(p -> {
                LOG.info("stream {} was live when the ingest started; reconnecting, session {}", p.streamId(),
                        p.sessionId());
                scheduleOffline(p.streamId(), p.sessionId());
                event(LiveEvents.INTERRUPTED, p.streamId(), p.sessionId());
            });
            return stale.size();
        });
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
        return repository.endSessionNow(stream.id()).otherwise(failure -> {
            LOG.error("stream {}: could not end its session on revocation ({}); the publisher is cut anyway",
                    stream.id(), failure.getMessage());
            return Optional.empty();
        }).map(ended -> {
            revoked(stream.id(), reason);
            ended.ifPresent(sessionId -> {
                viewers.forget(stream.id());
                LOG.info("stream {} offline, session {} ended ({})", stream.id(), sessionId, reason);
                vertx.setTimer(Math.min(grace.toMillis(), SINK_FLUSH_ALLOWANCE.toMillis()),
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
            repository.endSession(streamId, sessionId)
                    .onSuccess(ended -> {
                        if (ended) {
                            sessionEnded(streamId, sessionId);
                        }
                    })
                    .onFailure(e -> {
                        // The database is down: try again later, or the stream would stay reconnecting for good.
                        LOG.warn("could not end session {} of stream {} ({}); trying again in {} s", sessionId,
                                streamId, e.getMessage(), END_RETRY.toSeconds());
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
