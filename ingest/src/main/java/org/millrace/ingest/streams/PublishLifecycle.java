package org.millrace.ingest.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A stream's life on air, as the SRT ingest reports it: authorize a key, a publisher started, a publisher
 * stopped. A stop turns the stream {@code reconnecting}; if no publisher returns within the grace window a timer
 * ends the session and the stream goes {@code offline}, otherwise the returning publisher continues the same
 * session. Every change is also published on {@link Addresses#EVENTS_LIVE}.
 */
public final class PublishLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PublishLifecycle.class);
    private static final Duration END_RETRY = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final StreamRepository repository;
    private final StreamKeys keys;
    private final PassphraseCipher cipher;
    private final ViewerCounter viewers;
    private final Duration grace;
    /** stream id → pending grace timer. */
    private final Map<String, Long> graceTimers = new ConcurrentHashMap<>();

    public PublishLifecycle(Vertx vertx, StreamRepository repository, StreamKeys keys, PassphraseCipher cipher,
                            ViewerCounter viewers, Duration grace) {
        this.vertx = vertx;
        this.repository = repository;
        this.keys = keys;
        this.cipher = cipher;
        this.viewers = viewers;
        this.grace = grace;
    }

    /**
     * May {@code streamKey} publish? {@code passphrase}, when the caller knows the one presented, must match;
     * {@code encrypted} false (the caller asked for no encryption) is refused on a stream with a passphrase.
     * Either may be null: the SRT handshake then enforces the passphrase returned in the decision.
     */
    public Future<PublishDecision> authorize(String streamKey, String passphrase, Boolean encrypted) {
        if (!StreamKeys.looksLikeKey(streamKey)) {
            return Future.succeededFuture(PublishDecision.refuse(PublishDecision.UNKNOWN_KEY));
        }
        return repository.findByKeyHash(keys.hash(streamKey)).map(found -> {
            if (found.isEmpty()) {
                return PublishDecision.refuse(PublishDecision.UNKNOWN_KEY);
            }
            StreamRow stream = found.get();
            if (stream.disabled()) {
                return PublishDecision.refuse(PublishDecision.DISABLED);
            }
            if (stream.status() == LiveStatus.LIVE) {
                return PublishDecision.refuse(PublishDecision.ALREADY_LIVE);
            }
            String required = stream.passphraseSealed() == null ? null
                    : cipher.decrypt(stream.id(), stream.passphraseSealed());
            if (passphrase != null && (required == null || !sameSecret(passphrase, required))) {
                return PublishDecision.refuse(PublishDecision.BAD_PASSPHRASE);
            }
            if (Boolean.FALSE.equals(encrypted) && required != null) {
                return PublishDecision.refuse(PublishDecision.PASSPHRASE_REQUIRED);
            }
            return PublishDecision.allow(stream.id(), required);
        }).onSuccess(decision -> LOG.info("publish authorization: {}", decision));
    }

    /** A publisher is connected and sending: a new session, or the interrupted one resumed within the grace. */
    public Future<StreamRepository.StartOutcome> started(String streamId, String publisher) {
        return repository.startPublishing(streamId, keys.newId(), publisher).onSuccess(outcome -> {
            cancelGrace(streamId);
            LOG.info("stream {} live, session {} {}", streamId, outcome.sessionId(),
                    outcome.resumed() ? "resumed" : "started");
            event(outcome.resumed() ? LiveEvents.RESUMED : LiveEvents.STARTED, streamId, outcome.sessionId());
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

    /** Stops tracking a deleted stream; a live one is announced as ended so the ingest can drop its publisher. */
    public void deleted(StreamRow stream) {
        cancelGrace(stream.id());
        viewers.forget(stream.id());
        if (stream.sessionId() != null) {
            event(LiveEvents.ENDED, stream.id(), stream.sessionId());
        }
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
                            viewers.forget(streamId);
                            LOG.info("stream {} offline, session {} ended", streamId, sessionId);
                            event(LiveEvents.ENDED, streamId, sessionId);
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

    private void cancelGrace(String streamId) {
        Long timer = graceTimers.remove(streamId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void event(String type, String streamId, String sessionId) {
        vertx.eventBus().publish(Addresses.EVENTS_LIVE, new JsonObject().put("type", type).put("streamId", streamId)
                .put("sessionId", sessionId).put("at", Instant.now().toString()));
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
