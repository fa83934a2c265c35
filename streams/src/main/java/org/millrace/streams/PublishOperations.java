package org.millrace.streams;

import io.vertx.core.Future;
import org.millrace.core.bus.AuthorizePublish;
import org.millrace.core.bus.IngestStarted;
import org.millrace.core.bus.PublishStarted;
import org.millrace.core.bus.PublishStopped;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionAssignment;
import org.millrace.core.bus.StreamLiveStatus;
import org.millrace.core.security.PublicIds;

/**
 * The event-bus face of {@link PublishLifecycle} for the SRT ingest: contract records in, contract records out.
 * <ul>
 *   <li>authorize-publish: {@link AuthorizePublish} → {@link org.millrace.core.bus.PublishAuthorization}
 *       ({@code ingest_full} when the asking node already holds {@code ingestCapacity} other sessions)</li>
 *   <li>publish-started: {@link PublishStarted} → {@link SessionAssignment}; the SRT ingest always sends the grant
 *       it was authorized with (a key rotated since is refused, 403 {@code key_revoked}) and its cluster node id;
 *       also 403 {@code disabled}, 409 {@code already_live} / {@code publisher_limit} / {@code ingest_full}</li>
 *   <li>publish-stopped: {@link PublishStopped} → {@link StreamLiveStatus}</li>
 * </ul>
 * A body the contract cannot read is a 400 {@code invalid_<field>}.
 */
public final class PublishOperations {
    private final PublishLifecycle lifecycle;

    public PublishOperations(PublishLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public Future<ServiceResponse> authorize(ServiceRequest request) {
        AuthorizePublish ask = AuthorizePublish.fromJson(request.bodyObject());
        return lifecycle
                .authorize(ask.streamKey(), ask.passphrase(), ask.encrypted(), ask.ingestNode(), ask.ingestCapacity())
                .map(decision -> ServiceResponse.ok(decision.toJson()));
    }

    public Future<ServiceResponse> started(ServiceRequest request) {
        PublishStarted start = PublishStarted.fromJson(request.bodyObject());
        String streamId = checked(start.streamId());
        byte[] grant = PublishGrant.decode(start.grant());
        return lifecycle
                .started(streamId, start.publisher(), grant, start.ingestNode(), start.ingestCapacity())
                .map(outcome -> ServiceResponse.ok(
                        new SessionAssignment(streamId, outcome.sessionId(), outcome.startedAt(), outcome.resumed())
                                .toJson()));
    }

    public Future<ServiceResponse> stopped(ServiceRequest request) {
        PublishStopped stop = PublishStopped.fromJson(request.bodyObject());
        String streamId = checked(stop.streamId());
        return lifecycle
                .stopped(streamId, stop.sessionId(), stop.ingestNode())
                .map(status -> ServiceResponse.ok(new StreamLiveStatus(streamId, status.wire()).toJson()));
    }

    /**
     * ingest-started ({@link IngestStarted} → its answer): an SRT ingest starts with no publisher (the
     * streams it held are found through the cluster's membership, not the body).
     */
    public Future<ServiceResponse> ingestStarted(ServiceRequest request) {
        return lifecycle.ingestStarted().map(count -> ServiceResponse.ok(new IngestStarted.Answer(count).toJson()));
    }

    private static String checked(String streamId) {
        if (!PublicIds.looksLikeId(streamId)) {
            throw ServiceException.badRequest("invalid_stream_id", "streamId is missing or malformed");
        }
        return streamId;
    }
}
