package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The SRT ingest asks the streams service ({@link Addresses#STREAMS_AUTHORIZE_PUBLISH}) whether a caller may
 * publish; answered by a {@link PublishAuthorization}.
 *
 * @param passphrase     the passphrase the caller presented, when the ingest knows it; null otherwise
 * @param encrypted      whether the caller asked for encryption; null when unknown
 * @param ingestNode     the cluster member whose ingest the caller reached; null when the sender did not say
 * @param ingestCapacity the sessions that node may hold (at least 1): one that already holds as many others is
 *                       refused {@link PublishAuthorization#INGEST_FULL}; null: no limit
 */
public record AuthorizePublish(
        String streamKey, String passphrase, Boolean encrypted, String ingestNode, Integer ingestCapacity) {

    public AuthorizePublish {
        IngestCapacity.check(ingestCapacity);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("streamKey", streamKey);
        if (passphrase != null) {
            json.put("passphrase", passphrase);
        }
        if (encrypted != null) {
            json.put("encrypted", encrypted);
        }
        if (ingestNode != null) {
            json.put("ingestNode", ingestNode);
        }
        if (ingestCapacity != null) {
            json.put("ingestCapacity", ingestCapacity);
        }
        return json;
    }

    /** A missing key reads as null (refused as unknown); a key or flag of the wrong type is malformed. */
    public static AuthorizePublish fromJson(JsonObject json) {
        return new AuthorizePublish(
                MessageFields.string(json, "streamKey"),
                MessageFields.string(json, "passphrase"),
                MessageFields.bool(json, "encrypted"),
                MessageFields.string(json, "ingestNode"),
                IngestCapacity.read(json));
    }
}
