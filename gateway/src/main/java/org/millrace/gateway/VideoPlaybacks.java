package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.MalformedMessage;
import org.millrace.core.bus.PlaybackQuery;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.VideoPlayback;

/**
 * Asks the vod service, over the bus ({@link Addresses#VIDEOS_PLAYBACK}), where a video's files are and whether
 * it is private, remembering answers for a moment so a player's segment and range requests do not each cost a hop.
 */
final class VideoPlaybacks {
    /** How long a media file request may rely on an earlier answer. */
    static final Duration REMEMBERED_FOR = Duration.ofSeconds(2);

    private static final int MAX_REMEMBERED = 10_000;

    private final EventBus bus;
    private final DeliveryOptions delivery;
    private final RecentAnswers<VideoPlayback> recent;

    VideoPlaybacks(EventBus bus, Duration timeout) {
        this.bus = bus;
        this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
        this.recent = new RecentAnswers<>(REMEMBERED_FOR, MAX_REMEMBERED);
    }

    /**
     * The video's playback facts; a 404 {@link ServiceException} when there is no such video. {@code fresh} asks
     * the service whatever is remembered (and refreshes it), or joins the question already under way: playlists do, so a video just made private stops
     * playing at its next playlist request, while its segments may ride on an answer up to two seconds old.
     */
    Future<VideoPlayback> lookup(String videoId, boolean fresh, String requestId, String clientIp) {
        if (!fresh) {
            var remembered = recent.recent(videoId);
            if (remembered.isPresent()) {
                return remembered.get();
            }
        }
        return recent.ask(videoId, () -> ask(videoId, requestId, clientIp));
    }

    private Future<VideoPlayback> ask(String videoId, String requestId, String clientIp) {
        // The id travels in the body, as the address's contract says, and as a path parameter for services that
        // read their ids from there like every public route's.
        ServiceRequest request = new ServiceRequest(
                requestId, Map.of("id", videoId), Map.of(), new PlaybackQuery(videoId).toJson(), null, clientIp);
        return bus.<ServiceResponse>request(Addresses.VIDEOS_PLAYBACK, request, delivery)
                .recover(failure -> Future.failedFuture(ServiceException.fromReply(failure)))
                .map(reply -> {
                    // Not the contract's answer: a bug on the service's side, not the caller's fault.
                    if (!(reply.body().body() instanceof JsonObject json)) {
                        throw ServiceException.internal();
                    }
                    try {
                        return VideoPlayback.fromJson(json);
                    } catch (MalformedMessage notTheContract) {
                        throw ServiceException.internal();
                    }
                });
    }
}
