package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest reports an authorized publisher connected and sending ({@link Addresses#STREAMS_PUBLISH_STARTED});
 * answered by a {@link SessionAssignment}, or refused: 403 {@code key_revoked} / {@code disabled}, 409
 * {@code already_live} / {@code publisher_limit} / {@code ingest_full}.
 *
 * @param publisher      the caller's address, {@code host:port}; null when unknown
 * @param grant          the grant of its {@link PublishAuthorization} (a key rotated since is refused); null skips
 *                       the check
 * @param ingestNode     the cluster member whose ingest holds the publisher; null when the sender did not say
 * @param ingestCapacity the sessions that node may hold (at least 1), checked again at the start; null: no limit
 */
public record PublishStarted(
        String streamId, String publisher, String grant, String ingestNode, Integer ingestCapacity) {

    public PublishStarted {
        if (streamId == null || streamId.isEmpty()) {
            throw new MalformedMessage("streamId", "streamId is required");
        }
        IngestCapacity.check(ingestCapacity);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("streamId", streamId)
                .put("publisher", publisher)
                .put("grant", grant);
        if (ingestNode != null) {
            json.put("ingestNode", ingestNode);
        }
        if (ingestCapacity != null) {
            json.put("ingestCapacity", ingestCapacity);
        }
        return json;
    }

    public static PublishStarted fromJson(JsonObject json) {
        return new PublishStarted(
                MessageFields.string(json, "streamId"),
                MessageFields.string(json, "publisher"),
                MessageFields.string(json, "grant"),
                MessageFields.string(json, "ingestNode"),
                IngestCapacity.read(json));
    }
}
