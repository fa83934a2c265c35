package org.millrace.core.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Registers the codecs of every message record on an event bus; each process does this once at start-up. A record
 * sent as a message body travels as itself in one JVM and as its JSON between JVMs; records answering a
 * {@link ServiceRequest} travel as the JSON body of a {@link ServiceResponse}, read back with the same
 * {@code fromJson}.
 */
public final class BusCodecs {
    private BusCodecs() {}

    public static void register(EventBus bus) {
        add(bus, ServiceRequest.class, ServiceRequest::toJson, ServiceRequest::fromJson);
        add(bus, ServiceResponse.class, ServiceResponse::toJson, ServiceResponse::fromJson);
        add(bus, PublishRevoked.class, PublishRevoked::toJson, PublishRevoked::fromJson);
        add(bus, LiveEvent.class, LiveEvent::toJson, LiveEvent::fromJson);
        add(bus, AuthorizePublish.class, AuthorizePublish::toJson, AuthorizePublish::fromJson);
        add(bus, PublishAuthorization.class, PublishAuthorization::toJson, PublishAuthorization::fromJson);
        add(bus, PublishStarted.class, PublishStarted::toJson, PublishStarted::fromJson);
        add(bus, SessionAssignment.class, SessionAssignment::toJson, SessionAssignment::fromJson);
        add(bus, PublishStopped.class, PublishStopped::toJson, PublishStopped::fromJson);
        add(bus, IngestStarted.class, IngestStarted::toJson, IngestStarted::fromJson);
        add(bus, IngestStarted.Answer.class, IngestStarted.Answer::toJson, IngestStarted.Answer::fromJson);
        add(bus, StreamLiveStatus.class, StreamLiveStatus::toJson, StreamLiveStatus::fromJson);
        add(bus, SessionQuery.class, SessionQuery::toJson, SessionQuery::fromJson);
        add(bus, SessionDetails.class, SessionDetails::toJson, SessionDetails::fromJson);
        add(bus, PlaybackQuery.class, PlaybackQuery::toJson, PlaybackQuery::fromJson);
        add(bus, VideoPlayback.class, VideoPlayback::toJson, VideoPlayback::fromJson);
        add(bus, PublisherStatsQuery.class, PublisherStatsQuery::toJson, PublisherStatsQuery::fromJson);
        add(bus, PublisherStats.class, PublisherStats::toJson, PublisherStats::fromJson);
        add(bus, VideoImportBody.class, VideoImportBody::toJson, VideoImportBody::fromJson);
        add(bus, UploadCreate.class, UploadCreate::toJson, UploadCreate::fromJson);
        add(bus, UploadQuery.class, UploadQuery::toJson, UploadQuery::fromJson);
        add(bus, UploadClaim.class, UploadClaim::toJson, UploadClaim::fromJson);
        add(bus, UploadAdvance.class, UploadAdvance::toJson, UploadAdvance::fromJson);
        add(bus, UploadState.class, UploadState::toJson, UploadState::fromJson);
        add(bus, LivePlaylistUpdate.class, LivePlaylistUpdate::toJson, LivePlaylistUpdate::fromJson);
    }

    private static <T> void add(
            EventBus bus, Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
        bus.registerDefaultCodec(type, new JsonMessageCodec<>(type, toJson, fromJson));
    }
}
