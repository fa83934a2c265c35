package org.millrace.recorder;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.millrace.core.bus.ListLimit;
import org.millrace.core.bus.SequenceCursor;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.security.Principal;
import org.millrace.core.security.PublicIds;

/**
 * The recordings of the public API: the caller's own, newest first, one of them by id, and another go at a failed
 * one. Anyone else's recording is a 404, so ids cannot be probed.
 */
public final class RecordingsApi {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final SequenceCursor CURSOR = new SequenceCursor("r:");

    private final RecordingRepository repository;
    private final Runnable onRequeued;

    /** {@code onRequeued}: a recording is pending again (the worker should look). */
    public RecordingsApi(RecordingRepository repository, Runnable onRequeued) {
        this.repository = repository;
        this.onRequeued = onRequeued;
    }

    public Future<ServiceResponse> list(ServiceRequest request) {
        Principal caller = request.requireCaller();
        int limit = ListLimit.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        Long before = CURSOR.after(request);
        return repository
                .listByOwner(caller.userId(), before, limit + 1)
                .map(rows -> ServiceResponse.ok(CURSOR.page(rows, limit, RecordingRow::seq, RecordingsApi::json)));
    }

    public Future<ServiceResponse> get(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return own(request.pathParam("id"), caller).map(row -> ServiceResponse.ok(json(row)));
    }

    /**
     * {@code POST /api/recordings/{id}/retry}: a failed recording of the caller's is built and imported again (say,
     * after the video library was down longer than the automatic retries). 409 when it is not failed.
     */
    public Future<ServiceResponse> retry(ServiceRequest request) {
        Principal caller = request.requireCaller();
        String id = request.pathParam("id");
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchRecording());
        }
        return repository.retryFailed(id, caller.userId()).compose(requeued -> {
            if (requeued.isPresent()) {
                onRequeued.run();
                return Future.succeededFuture(ServiceResponse.ok(json(requeued.get())));
            }
            return own(id, caller).map(row -> {
                throw ServiceException.conflict(
                        "not_failed",
                        "only a failed recording can be retried; this one is "
                                + row.status().wireName());
            });
        });
    }

    /** The caller's recording with this id; anyone else's, or none, is the same 404. */
    private Future<RecordingRow> own(String id, Principal caller) {
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchRecording());
        }
        return repository.findById(id).map(found -> found.filter(
                        row -> row.ownerId().equals(caller.userId()))
                .orElseThrow(RecordingsApi::noSuchRecording));
    }

    private static ServiceException noSuchRecording() {
        return ServiceException.notFound("no such recording");
    }

    /** The public shape of a recording. */
    public static JsonObject json(RecordingRow row) {
        return new JsonObject()
                .put("id", row.id())
                .put("streamId", row.streamId())
                .put("sessionId", row.sessionId())
                .put("title", row.title())
                .put("status", row.status().wireName())
                .put("attempts", row.attempts())
                .put("error", row.error())
                .put("durationSeconds", row.durationSeconds())
                .put("videoId", row.videoId())
                .put("sessionStartedAt", time(row.sessionStartedAt()))
                .put("sessionEndedAt", time(row.sessionEndedAt()))
                .put("createdAt", time(row.createdAt()))
                .put("updatedAt", time(row.updatedAt()));
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
