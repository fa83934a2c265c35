package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.millrace.core.bus.ListLimit;
import org.millrace.core.bus.PublishRevoked;
import org.millrace.core.bus.PublisherStats;
import org.millrace.core.bus.SequenceCursor;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.security.Principal;
import org.millrace.core.security.PublicIds;
import org.millrace.streams.StreamViews.Audience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public streams API: create, list, read, edit, delete, rotate the key, stats, viewer heartbeats. Rotating the
 * key, disabling and deleting a stream revoke its publishing ({@link PublishLifecycle#revoke}). Anything
 * owner-only answers 404 to everyone else (admins may also edit and delete), so ids of others' streams cannot be
 * probed for existence through it.
 */
public final class StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final SequenceCursor CURSOR = new SequenceCursor("s1:");

    private final StreamRepository repository;
    private final StreamKeys keys;
    private final PassphraseCipher cipher;
    private final StreamViews views;
    private final ViewerCounter viewers;
    private final PublishLifecycle lifecycle;
    private final LiveIngestStats ingestStats;
    private final PublishRefusals refusals;

    public StreamsService(
            StreamRepository repository,
            StreamKeys keys,
            PassphraseCipher cipher,
            StreamViews views,
            ViewerCounter viewers,
            PublishLifecycle lifecycle,
            LiveIngestStats ingestStats,
            PublishRefusals refusals) {
        this.repository = repository;
        this.keys = keys;
        this.cipher = cipher;
        this.views = views;
        this.viewers = viewers;
        this.lifecycle = lifecycle;
        this.ingestStats = ingestStats;
        this.refusals = refusals;
    }

    public Future<ServiceResponse> create(ServiceRequest request) {
        Principal caller = request.requireCaller();
        JsonObject body = request.bodyObject();
        String title = StreamInput.title(body);
        String description = StreamInput.description(body);
        Optional<String> passphrase = StreamInput.passphrase(body);
        String recordingVisibility = StreamInput.recordingVisibility(body, StreamInput.DEFAULT_RECORDING_VISIBILITY);
        String id = keys.newId();
        String key = keys.newKey();
        return repository
                .insert(
                        id,
                        caller.userId(),
                        caller.username(),
                        title,
                        description,
                        keys.hash(key),
                        passphrase.map(p -> cipher.encrypt(id, p)).orElse(null),
                        recordingVisibility)
                .map(stream -> {
                    LOG.info("stream {} created by user {}", stream.id(), caller.userId());
                    return ServiceResponse.created(views.withKey(stream, key));
                });
    }

    public Future<ServiceResponse> list(ServiceRequest request) {
        boolean liveOnly = request.queryParam("live").map(StreamsService::bool).orElse(false);
        int limit = ListLimit.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        // ?owner= serves a streamer's dashboard; the ids are public (every item carries owner.id).
        String owner = request.queryParam("owner").orElse(null);
        Long before = CURSOR.after(request);
        return repository
                .list(liveOnly, owner, before, limit + 1)
                .map(rows -> ServiceResponse.ok(
                        CURSOR.page(rows, limit, StreamRow::seq, stream -> views.view(stream, Audience.PUBLIC))));
    }

    public Future<ServiceResponse> get(ServiceRequest request) {
        return find(request).map(stream -> ServiceResponse.ok(views.view(stream, audience(stream, request))));
    }

    public Future<ServiceResponse> update(ServiceRequest request) {
        Principal caller = request.requireCaller();
        JsonObject body = request.bodyObject();
        // Validate everything before touching the row: a bad field changes nothing.
        String title = body.containsKey("title") ? StreamInput.title(body) : null;
        String description = body.containsKey("description") ? StreamInput.description(body) : null;
        boolean setPassphrase = body.containsKey("passphrase");
        Optional<String> passphrase = StreamInput.passphrase(body);
        Boolean disabled = body.containsKey("disabled") ? StreamInput.disabled(body) : null;
        String recordingVisibility = StreamInput.recordingVisibility(body, null);
        return manageable(request, true)
                .compose(stream -> {
                    if (disabled != null && !caller.isAdmin()) {
                        // An admin's switch: an owner cannot re-enable a stream an admin disabled.
                        throw ServiceException.forbidden("only an admin can disable or enable a stream");
                    }
                    return repository.update(
                            stream.id(),
                            title,
                            description,
                            setPassphrase,
                            passphrase.map(p -> cipher.encrypt(stream.id(), p)).orElse(null),
                            disabled,
                            recordingVisibility);
                })
                .compose(updated -> {
                    if (updated.isPresent() && Boolean.TRUE.equals(disabled)) {
                        LOG.info("stream {} disabled by user {}", updated.get().id(), caller.userId());
                        // The answer shows the stream as the revocation left it (offline).
                        return lifecycle
                                .revoke(updated.get(), PublishRevoked.DISABLED)
                                .compose(done ->
                                        repository.findById(updated.get().id()));
                    }
                    return Future.succeededFuture(updated);
                })
                .map(updated -> ServiceResponse.ok(views.view(
                        updated.orElseThrow(() -> ServiceException.notFound("no such stream")),
                        audience(updated.get(), request))));
    }

    public Future<ServiceResponse> delete(ServiceRequest request) {
        request.requireCaller();
        return manageable(request, true)
                .compose(stream -> repository.delete(stream.id()).map(deleted -> {
                    lifecycle.deleted(stream);
                    LOG.info(
                            "stream {} deleted by user {}",
                            stream.id(),
                            request.principal().userId());
                    return ServiceResponse.noContent();
                }));
    }

    /** A new key (the old one stops working at once) and optionally a new passphrase (null clears it). */
    public Future<ServiceResponse> rotateKey(ServiceRequest request) {
        request.requireCaller();
        JsonObject body = request.body() == null ? new JsonObject() : request.bodyObject();
        boolean setPassphrase = body.containsKey("passphrase");
        Optional<String> passphrase = StreamInput.passphrase(body);
        String key = keys.newKey();
        return manageable(request, false)
                .compose(stream -> repository.rotateKey(
                        stream.id(),
                        keys.hash(key),
                        setPassphrase,
                        passphrase.map(p -> cipher.encrypt(stream.id(), p)).orElse(null)))
                .compose(rotated -> {
                    StreamRow stream = rotated.orElseThrow(() -> ServiceException.notFound("no such stream"));
                    LOG.info("stream {} key rotated", stream.id());
                    // A rotation is the remedy for a leaked key: whoever publishes with the old one is cut now.
                    return lifecycle
                            .revoke(stream, PublishRevoked.KEY_ROTATED)
                            .compose(done -> repository.findById(stream.id()))
                            .map(after -> ServiceResponse.ok(views.withKey(after.orElse(stream), key)));
                });
    }

    /**
     * Live ingest stats: the session from the database, the measures (bitrate, RTT, loss, retransmits) from the SRT
     * ingest while a publisher is connected, fps and encoder speed from the pipeline it feeds (null until measured),
     * and why that pipeline last stopped playing the publisher's media ({@code mediaError}, null when it did not).
     */
    public Future<ServiceResponse> stats(ServiceRequest request) {
        request.requireCaller();
        return manageable(request, false).compose(stream -> {
            boolean offline = stream.status() == LiveStatus.OFFLINE;
            Future<PublisherStats> measures = offline
                    ? Future.succeededFuture(PublisherStats.disconnected(stream.id()))
                    : ingestStats
                            .of(stream.id(), stream.ingestNode())
                            .otherwise(PublisherStats.disconnected(stream.id()));
            return measures.map(ingest -> ServiceResponse.ok(new JsonObject()
                    .put("streamId", stream.id())
                    .put("status", stream.status().wire())
                    .put("sessionId", stream.sessionId())
                    .put(
                            "startedAt",
                            stream.startedAt() == null
                                    ? null
                                    : stream.startedAt().toString())
                    .put(
                            "uptimeSeconds",
                            offline || stream.startedAt() == null
                                    ? 0
                                    : Duration.between(stream.startedAt(), Instant.now())
                                            .toSeconds())
                    .put("viewers", offline ? 0 : viewers.count(stream.id()))
                    .put("publisherConnected", ingest.connected())
                    .put("bitrateKbps", ingest.connected() ? ingest.link().bitrateKbps() : null)
                    .put("rttMs", ingest.connected() ? ingest.link().rttMs() : null)
                    .put("packetLossPercent", ingest.connected() ? ingest.link().packetLossPercent() : null)
                    .put("retransmits", ingest.connected() ? ingest.link().retransmits() : 0L)
                    .put("fps", ingest.fps())
                    .put("speed", ingest.speed())
                    .put("mediaError", PublisherStats.mediaErrorJson(ingest.mediaError()))
                    .put(
                            "lastRefusal",
                            refusals.last(stream.id())
                                    .map(r -> new JsonObject()
                                            .put("reason", r.reason())
                                            .put("at", r.at().toString()))
                                    .orElse(null))));
        });
    }

    /** Public: a player says it is watching. Answers the stream's current viewer count. */
    public Future<ServiceResponse> viewerHeartbeat(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        Object viewerId = body.getValue("viewerId");
        if (!(viewerId instanceof String id) || !ViewerCounter.isValidViewerId(id)) {
            throw ServiceException.badRequest(
                    "invalid_viewer_id", "viewerId must be a random id of 16 to 64 letters, digits, - or _");
        }
        return find(request).map(stream -> {
            int count =
                    stream.status() == LiveStatus.OFFLINE ? 0 : viewers.heartbeat(stream.id(), id, request.clientIp());
            return ServiceResponse.ok(new JsonObject().put("viewers", count));
        });
    }

    private Future<StreamRow> find(ServiceRequest request) {
        String id = request.pathParam("id");
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(ServiceException.notFound("no such stream"));
        }
        return repository
                .findById(id)
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("no such stream")));
    }

    /** The stream, when the caller owns it (or is an admin and {@code adminToo}); a 404 otherwise. */
    private Future<StreamRow> manageable(ServiceRequest request, boolean adminToo) {
        Principal caller = request.requireCaller();
        return find(request).map(stream -> {
            if (stream.ownedBy(caller.userId()) || (adminToo && caller.isAdmin())) {
                return stream;
            }
            throw ServiceException.notFound("no such stream");
        });
    }

    private static Audience audience(StreamRow stream, ServiceRequest request) {
        return request.caller()
                .map(caller -> stream.ownedBy(caller.userId())
                        ? Audience.OWNER
                        : caller.isAdmin() ? Audience.ADMIN : Audience.PUBLIC)
                .orElse(Audience.PUBLIC);
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ServiceException.badRequest("invalid_live", "live must be true or false");
        };
    }
}
