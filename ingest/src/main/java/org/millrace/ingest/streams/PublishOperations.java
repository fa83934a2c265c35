package org.millrace.ingest.streams;

import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus face of {@link PublishLifecycle} for the SRT ingest: request bodies in, JSON answers out.
 * <ul>
 *   <li>authorize-publish {@code {streamKey, passphrase?, encrypted?, ingestNode?, ingestCapacity?}} →
 *       {@code {allowed, streamId, passphrase, grant}} or {@code {allowed:false, reason}} ({@code ingest_full} when
 *       the asking node already holds {@code ingestCapacity} other sessions)</li>
 *   <li>publish-started {@code {streamId, publisher?, grant?, ingestNode?, ingestCapacity?}} → {@code {streamId,
 *       sessionId, startedAt, resumed}}; the SRT ingest always sends the grant it was authorized with (a key rotated
 *       since is refused, 403 {@code key_revoked}) and its cluster node id; also 403 {@code disabled}, 409
 *       {@code already_live} / {@code publisher_limit} / {@code ingest_full}</li>
 *   <li>publish-stopped {@code {streamId, sessionId?, ingestNode?}} → {@code {streamId, status}}</li>
 * </ul>
 */
public final class PublishOperations {
    private final PublishLifecycle lifecycle;

    public PublishOperations(PublishLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public Future<ServiceResponse> authorize(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        Boolean encrypted = optionalBoolean(body, "encrypted");
        return lifecycle.authorize(optionalString(body, "streamKey"), optionalString(body, "passphrase"),
                encrypted, optionalString(body, "ingestNode"), capacity(body))
                .map(decision -> ServiceResponse.ok(decision.toJson()));
    }

    public Future<ServiceResponse> started(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        String streamId = streamId(body);
        byte[] grant = PublishGrant.decode(optionalString(body, "grant"));
        return lifecycle.started(streamId, optionalString(body, "publisher"), grant, optionalString(body, "ingestNode"),
                        capacity(body))
                .map(outcome -> ServiceResponse.ok(new JsonObject()
                        .put("streamId", streamId)
                        .put("sessionId", outcome.sessionId())
                        .put("startedAt", outcome.startedAt().toString())
                        .put("resumed", outcome.resumed())));
    }

    public Future<ServiceResponse> stopped(ServiceRequest request) {
        JsonObject body = request.bodyObject();
        String streamId = streamId(body);
        return lifecycle.stopped(streamId, optionalString(body, "sessionId"), optionalString(body, "ingestNode"))
                .map(status -> ServiceResponse.ok(new JsonObject().put("streamId", streamId).put("status", status.wire())));
    }

    /** ingest-started {@code {}} → {@code {interrupted}}: the SRT ingest starts with no publisher. */
    public Future<ServiceResponse> ingestStarted(ServiceRequest request) {
        return lifecycle.ingestStarted().map(count -> ServiceResponse.ok(new JsonObject().put("interrupted", count)));
    }

    private static String streamId(JsonObject body) {
        String id = optionalString(body, "streamId");
        if (!StreamKeys.looksLikeId(id)) {
            throw ServiceException.badRequest("invalid_stream_id", "streamId is missing or malformed");
        }
        return id;
    }

    /** The asking node's capacity in sessions, or null (no limit). */
    private static Integer capacity(JsonObject body) {
        Object value = body.getValue("ingestCapacity");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer capacity) || capacity < 1) {
            throw ServiceException.badRequest("invalid_ingestCapacity", "ingestCapacity must be a positive integer");
        }
        return capacity;
    }

    private static Boolean optionalBoolean(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            throw ServiceException.badRequest("invalid_" + field, field + " must be true or false");
        }
        return (Boolean) value;
    }

    private static String optionalString(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw ServiceException.badRequest("invalid_" + field, field + " must be a string");
        }
        return (String) value;
    }
}
