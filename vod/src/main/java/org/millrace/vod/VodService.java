package org.millrace.vod;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.millrace.core.bus.ListLimit;
import org.millrace.core.bus.PlaybackQuery;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.security.Principal;
import org.millrace.core.security.PublicIds;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video library API: list and search, read, edit, delete, likes, views, the recorder's import and the gateway's
 * playback lookup. A private video is visible only to its owner and admins; everyone else gets the same 404 as for
 * a missing video, so ids cannot be probed.
 */
public final class VodService {
    private static final Logger LOG = LoggerFactory.getLogger(VodService.class);
    static final int DEFAULT_LIMIT = 24;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY = 200;
    /** A viewer's views of one video count at most once in this window. */
    public static final Duration VIEW_WINDOW = Duration.ofMinutes(30);
    /** Anonymous viewers behind one address (an office, a household) counted per video per window, at most. */
    public static final int ANONYMOUS_VIEWS_PER_ADDRESS = 5;

    private final VideoRepository repository;
    private final PublicIds ids;
    private final VideoJson json;
    private final Storage storage;
    private final Vertx vertx;
    private final Clock clock;

    /** {@code vertx} runs the storage deletions on its worker threads; {@code clock} dates views. */
    public VodService(
            VideoRepository repository, PublicIds ids, VideoJson json, Storage storage, Vertx vertx, Clock clock) {
        this.repository = repository;
        this.ids = ids;
        this.json = json;
        this.storage = storage;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Future<ServiceResponse> list(ServiceRequest request) {
        Principal caller = request.principal();
        VideoSort sort = request.queryParam("sort").map(VideoSort::parse).orElse(VideoSort.NEW);
        int limit = ListLimit.of(request, DEFAULT_LIMIT, MAX_LIMIT);
        String text = request.queryParam("q").map(VodService::searchText).orElse(null);
        String tag = request.queryParam("tag").map(VideoInput::tagFilter).orElse(null);
        String owner = request.queryParam("owner").filter(o -> !o.isEmpty()).orElse(null);
        VideoCursor cursor = request.queryParam("cursor")
                .map(c -> VideoCursor.decode(c, sort))
                .orElse(null);
        // An owner's own list shows everything of theirs; anyone else's lists only public videos.
        boolean allVisibilities = owner != null && caller != null && owner.equals(caller.userId());
        VideoListQuery query = new VideoListQuery(
                text, tag, owner, allVisibilities, sort, cursor, limit + 1, caller == null ? null : caller.userId());
        return repository.list(query).map(rows -> {
            List<VideoRow> page = rows.size() > limit ? rows.subList(0, limit) : rows;
            JsonArray items = new JsonArray();
            page.forEach(video -> items.add(json.of(video, caller)));
            String next = rows.size() > limit
                    ? VideoCursor.after(sort, page.get(page.size() - 1)).encode()
                    : null;
            return ServiceResponse.ok(new JsonObject().put("items", items).put("nextCursor", next));
        });
    }

    public Future<ServiceResponse> get(ServiceRequest request) {
        return visible(request).map(video -> ServiceResponse.ok(json.of(video, request.principal())));
    }

    public Future<ServiceResponse> update(ServiceRequest request) {
        Principal caller = request.requireCaller();
        JsonObject body = request.bodyObject();
        // Validate everything before touching the row: a bad field changes nothing.
        String title = body.containsKey("title") ? VideoInput.title(body.getValue("title")) : null;
        String description =
                body.containsKey("description") ? VideoInput.description(body.getValue("description")) : null;
        List<String> tags = body.containsKey("tags") ? VideoInput.tags(body.getValue("tags")) : null;
        Visibility visibility =
                body.containsKey("visibility") ? VideoInput.visibility(body.getValue("visibility")) : null;
        return manageable(request)
                .compose(video -> repository.update(video.id(), title, description, tags, visibility, caller.userId()))
                .map(updated -> ServiceResponse.ok(json.of(updated.orElseThrow(VodService::noSuchVideo), caller)));
    }

    /** Deletes the video and then, on a worker thread, its recording's objects and its HLS. */
    public Future<ServiceResponse> delete(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return manageable(request)
                .compose(video -> repository.delete(video.id()).compose(deleted -> {
                    if (!deleted) {
                        return Future.failedFuture(noSuchVideo());
                    }
                    LOG.info("video {} deleted by user {}", video.id(), caller.userId());
                    return deleteObjects(video);
                }))
                .map(done -> ServiceResponse.noContent());
    }

    private Future<Void> deleteObjects(VideoRow video) {
        return vertx.<Integer>executeBlocking(
                        () -> storage.deleteByPrefix(StorageLayout.recording(video.recordingId()))
                                + storage.deleteByPrefix(video.hlsPrefix()),
                        false)
                .onSuccess(count -> LOG.info("video {}: {} stored objects deleted", video.id(), count))
                // The video is gone either way; what is left in storage is only unreachable bytes.
                .onFailure(failure ->
                        LOG.warn("video {}: deleting its stored objects failed: {}", video.id(), failure.toString()))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    public Future<ServiceResponse> like(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return visible(request)
                .compose(video -> repository.like(video.id(), caller.userId()))
                .map(likes -> likes(likes.orElseThrow(VodService::noSuchVideo), true));
    }

    public Future<ServiceResponse> unlike(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return visible(request)
                .compose(video -> repository.unlike(video.id(), caller.userId()))
                .map(likes -> likes(likes.orElseThrow(VodService::noSuchVideo), false));
    }

    private static ServiceResponse likes(long likes, boolean likedByMe) {
        return ServiceResponse.ok(new JsonObject().put("likes", likes).put("likedByMe", likedByMe));
    }

    /**
     * Counts a view unless the same viewer had one counted for this video in the last 30 minutes, or the same
     * address already counted {@link #ANONYMOUS_VIEWS_PER_ADDRESS} anonymous ones (made-up player ids add nothing).
     */
    public Future<ServiceResponse> view(ServiceRequest request) {
        String viewer = ViewerKey.of(request.principal(), request.clientIp(), request.body());
        String client = ViewerKey.client(request.principal(), request.clientIp());
        Instant now = clock.instant();
        return visible(request)
                .compose(video -> repository.view(
                        video.id(), viewer, client, ANONYMOUS_VIEWS_PER_ADDRESS, now, now.minus(VIEW_WINDOW)))
                .map(outcome -> {
                    VideoRepository.ViewOutcome view = outcome.orElseThrow(VodService::noSuchVideo);
                    return ServiceResponse.ok(
                            new JsonObject().put("views", view.views()).put("counted", view.counted()));
                });
    }

    /** Forgets views older than the window (they no longer hold anything back); for a periodic timer. */
    public Future<Integer> pruneViews() {
        return repository.pruneViews(clock.instant().minus(VIEW_WINDOW));
    }

    /**
     * The recorder's import (internal: the gateway checked the internal key): 201 with the new video, or 200 with
     * the video the same recording became before, unchanged.
     */
    public Future<ServiceResponse> importVideo(ServiceRequest request) {
        VideoImport video = VideoImport.parse(request.bodyObject());
        return repository.insert(ids.newId(), video).compose(inserted -> {
            if (inserted.isPresent()) {
                LOG.info(
                        "video {} imported from recording {} of stream {}",
                        inserted.get().id(),
                        video.recordingId(),
                        video.streamId());
                return Future.succeededFuture(ServiceResponse.created(json.of(inserted.get(), null)));
            }
            return repository
                    .findByRecording(video.recordingId())
                    .map(existing -> ServiceResponse.ok(json.of(
                            existing.orElseThrow(() -> ServiceException.conflict(
                                    "import_conflict", "the recording's video was deleted while importing it")),
                            null)));
        });
    }

    /** Internal, for the gateway's {@code /vod/<id>/...}: where the video's files are and who may fetch them. */
    public Future<ServiceResponse> playback(ServiceRequest request) {
        // The id travels in the body as a PlaybackQuery; a caller that sent none names it as a path parameter.
        String id = request.body() instanceof JsonObject query && query.containsKey("videoId")
                ? PlaybackQuery.fromJson(query).videoId()
                : request.pathParams().get("id");
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchVideo());
        }
        return repository
                .findById(id, null)
                .map(found -> ServiceResponse.ok(VideoJson.playback(found.orElseThrow(VodService::noSuchVideo))
                        .toJson()));
    }

    /** The video of the path, when the caller may see it; the same 404 as a missing one otherwise. */
    private Future<VideoRow> visible(ServiceRequest request) {
        String id = request.pathParam("id");
        if (!PublicIds.looksLikeId(id)) {
            return Future.failedFuture(noSuchVideo());
        }
        Principal caller = request.principal();
        return repository.findById(id, caller == null ? null : caller.userId()).map(found -> {
            VideoRow video = found.orElseThrow(VodService::noSuchVideo);
            if (video.visibility() == Visibility.PRIVATE && !mayManage(video, caller)) {
                throw noSuchVideo();
            }
            return video;
        });
    }

    /** The video of the path, when the caller owns it or is an admin; a 404 otherwise. */
    private Future<VideoRow> manageable(ServiceRequest request) {
        Principal caller = request.requireCaller();
        return visible(request).map(video -> {
            if (!mayManage(video, caller)) {
                throw noSuchVideo();
            }
            return video;
        });
    }

    private static boolean mayManage(VideoRow video, Principal caller) {
        return caller != null && (video.ownedBy(caller.userId()) || caller.isAdmin());
    }

    private static ServiceException noSuchVideo() {
        return ServiceException.notFound("no such video");
    }

    private static String searchText(String value) {
        String text = value.strip();
        if (text.length() > MAX_QUERY) {
            throw ServiceException.badRequest("invalid_q", "q must be at most " + MAX_QUERY + " characters");
        }
        return text.isEmpty() ? null : text;
    }
}
