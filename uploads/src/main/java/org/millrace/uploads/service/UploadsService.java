package org.millrace.uploads.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.millrace.core.bus.ListLimit;
import org.millrace.core.bus.SequenceCursor;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.UploadAdvance;
import org.millrace.core.bus.UploadClaim;
import org.millrace.core.bus.UploadCreate;
import org.millrace.core.bus.UploadQuery;
import org.millrace.core.bus.UploadState;
import org.millrace.core.config.UploadSettings;
import org.millrace.core.security.Principal;
import org.millrace.core.security.PublicIds;
import org.millrace.core.storage.upload.UploadObjectState;
import org.millrace.core.storage.upload.UploadObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads service: where each upload stands (for the gateway's tus handler, which moves the bytes), the
 * caller's uploads for the public API, cancelling and retrying, and expiring abandoned uploads. Someone else's
 * upload is always the same 404 as a missing one.
 */
public final class UploadsService {
    private static final Logger LOG = LoggerFactory.getLogger(UploadsService.class);
    /** How long a writer's claim lasts without news; the gateway renews it well within. */
    public static final Duration WRITER_LEASE = Duration.ofSeconds(60);

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final SequenceCursor CURSOR = new SequenceCursor("u:");

    private final UploadRepository repository;
    private final PublicIds ids;
    private final UploadObjects objects;
    private final UploadSettings settings;
    private final Vertx vertx;

    public UploadsService(
            UploadRepository repository, PublicIds ids, UploadObjects objects, UploadSettings settings, Vertx vertx) {
        this.repository = repository;
        this.ids = ids;
        this.objects = objects;
        this.settings = settings;
        this.vertx = vertx;
    }

    public Future<ServiceResponse> create(ServiceRequest request) {
        UploadCreate create = UploadInput.check(UploadCreate.fromJson(request.bodyObject()), settings.maxBytes());
        return repository
                .insert(ids.newId(), create, settings.expiry(), settings.maxUnfinishedPerUser())
                .map(row -> ServiceResponse.created(state(row.orElseThrow(() -> ServiceException.tooManyRequests(
                        "you have " + settings.maxUnfinishedPerUser() + " unfinished uploads; finish or cancel one "
                                + "first",
                        60)))));
    }

    public Future<ServiceResponse> find(ServiceRequest request) {
        UploadQuery query = UploadQuery.fromJson(request.bodyObject());
        return own(query.id(), query.ownerId()).map(row -> ServiceResponse.ok(state(row)));
    }

    public Future<ServiceResponse> claim(ServiceRequest request) {
        UploadClaim claim = UploadClaim.fromJson(request.bodyObject());
        if (!PublicIds.looksLikeId(claim.id())) {
            return Future.failedFuture(noSuchUpload());
        }
        return repository
                .claim(claim.id(), claim.ownerId(), claim.offset(), claim.writer(), WRITER_LEASE)
                .compose(granted -> {
                    if (granted.isPresent()) {
                        return Future.succeededFuture(ServiceResponse.ok(state(granted.get())));
                    }
                    return own(claim.id(), claim.ownerId()).map(row -> {
                        throw refusal(row, claim.offset());
                    });
                });
    }

    /** Why a claim on the owner's upload was refused. */
    private static ServiceException refusal(UploadRow row, long offset) {
        if (!"uploading".equals(row.status())) {
            return ServiceException.conflict("upload_complete", "the upload is complete; nothing more to send");
        }
        if (row.offset() != offset) {
            return ServiceException.conflict(
                    "offset_mismatch",
                    "Upload-Offset is " + offset + " but the upload is at " + row.offset()
                            + "; resume from the offset HEAD answers");
        }
        if (!row.expiresAt().isAfter(Instant.now())) {
            return ServiceException.notFound("no such upload");
        }
        return new ServiceException(
                423, "upload_locked", "another request is writing this upload; try again shortly", 5);
    }

    public Future<ServiceResponse> advance(ServiceRequest request) {
        UploadAdvance advance = UploadAdvance.fromJson(request.bodyObject());
        return repository
                .advance(
                        advance.id(),
                        advance.writer(),
                        advance.fromOffset(),
                        advance.toOffset(),
                        advance.storageState(),
                        advance.complete(),
                        advance.release(),
                        WRITER_LEASE,
                        settings.expiry())
                .map(row -> ServiceResponse.ok(state(row.orElseThrow(
                        () -> ServiceException.conflict("claim_lost", "this request no longer holds the upload")))));
    }

    /** tus termination and the API's cancel: the upload and its bytes are gone (a video made of it stays). */
    public Future<ServiceResponse> terminate(ServiceRequest request) {
        UploadQuery query = UploadQuery.fromJson(request.bodyObject());
        if (!PublicIds.looksLikeId(query.id())) {
            return Future.failedFuture(noSuchUpload());
        }
        return repository.delete(query.id(), query.ownerId()).compose(deleted -> {
            if (deleted.isEmpty()) {
                return own(query.id(), query.ownerId()).map(row -> {
                    throw ServiceException.conflict(
                            "upload_processing",
                            "the upload is being transcoded; cancel it once it is ready or failed");
                });
            }
            UploadRow row = deleted.get();
            return discard(row)
                    .recover(failure -> {
                        // The row is gone and the client told so; bytes left behind are the storage's lifecycle's.
                        LOG.warn(
                                "upload {} cancelled but its bytes could not be deleted: {}",
                                row.id(),
                                failure.toString());
                        return Future.succeededFuture();
                    })
                    .map(v -> ServiceResponse.noContent());
        });
    }

    public Future<ServiceResponse> list(ServiceRequest request) {
        Principal caller = request.requireCaller();
        int limit = ListLimit.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        Long before = CURSOR.after(request);
        return repository
                .listByOwner(caller.userId(), before, limit + 1)
                .map(rows -> ServiceResponse.ok(CURSOR.page(rows, limit, UploadRow::seq, UploadsService::json)));
    }

    public Future<ServiceResponse> get(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return own(request.pathParam("id"), caller.userId()).map(row -> ServiceResponse.ok(json(row)));
    }

    /** {@code POST /api/uploads/{id}/retry}: a failed upload is queued for transcoding again; 409 otherwise. */
    public Future<ServiceResponse> retry(ServiceRequest request) {
        Principal caller = request.requireCaller();
        String id = request.pathParam("id");
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchUpload());
        }
        return repository
                .retryFailed(id, caller.userId())
                .compose(requeued -> requeued.isPresent()
                        ? Future.succeededFuture(ServiceResponse.ok(json(requeued.get())))
                        : own(id, caller.userId()).map(row -> {
                            throw ServiceException.conflict(
                                    "not_failed", "only a failed upload can be retried; this one is " + row.status());
                        }));
    }

    /**
     * One round of the expiry job: at most {@code batch} abandoned uploads (unfinished past their expiry, nobody
     * writing) lose their bytes and their row; how many went. An upload whose bytes cannot be deleted now (storage
     * down) keeps its row for the next round.
     */
    public Future<Integer> expire(int batch) {
        return repository.expired(batch).compose(rows -> {
            Future<Integer> done = Future.succeededFuture(0);
            for (UploadRow row : rows) {
                done = done.compose(count -> discard(row)
                        .compose(v -> repository.deleteExpired(row.id()))
                        .map(deleted -> count + (deleted ? 1 : 0))
                        .recover(failure -> {
                            LOG.warn("expiring upload {} failed, next round: {}", row.id(), failure.toString());
                            return Future.succeededFuture(count);
                        }));
            }
            return done;
        });
    }

    private Future<Void> discard(UploadRow row) {
        return vertx.executeBlocking(
                () -> {
                    objects.discard(row.id(), UploadObjectState.fromJson(row.storageState()));
                    return null;
                },
                false);
    }

    private Future<UploadRow> own(String id, String ownerId) {
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchUpload());
        }
        return repository.find(id).map(found -> found.filter(
                        row -> row.ownerId().equals(ownerId))
                .orElseThrow(UploadsService::noSuchUpload));
    }

    private static ServiceException noSuchUpload() {
        return ServiceException.notFound("no such upload");
    }

    private static JsonObject state(UploadRow row) {
        return new UploadState(
                        row.id(),
                        row.ownerId(),
                        row.status(),
                        row.offset(),
                        row.length(),
                        row.storageState(),
                        row.expiresAt())
                .toJson();
    }

    /** The public shape of an upload. */
    static JsonObject json(UploadRow row) {
        boolean uploading = "uploading".equals(row.status());
        return new JsonObject()
                .put("id", row.id())
                .put("status", row.status())
                // While uploading: the share of bytes received; after: the transcoding's progress.
                .put(
                        "progress",
                        uploading
                                ? (row.length() == 0 ? 0 : (int) (row.offset() * 100 / row.length()))
                                : row.progress())
                .put("videoId", row.videoId())
                .put("error", row.error())
                .put("filename", row.filename())
                .put("title", row.title())
                .put("description", row.description())
                .put("tags", new JsonArray(row.tags()))
                .put("visibility", row.visibility())
                .put("offset", row.offset())
                .put("length", row.length())
                .put("expiresAt", uploading ? time(row.expiresAt()) : null)
                .put("createdAt", time(row.createdAt()))
                .put("updatedAt", time(row.updatedAt()));
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
