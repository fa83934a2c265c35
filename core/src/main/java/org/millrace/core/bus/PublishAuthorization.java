package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The streams service's answer to {@link AuthorizePublish}: the stream, the passphrase the SRT listener must
 * require, and the grant (the stored hash of the key it was authorized with, which {@link PublishStarted} hands back
 * so a key rotated in between cannot go live); or the reason for refusing ({@code unknown_key}, {@code disabled},
 * {@code already_live}, {@code publisher_limit}, {@code bad_passphrase}, {@code passphrase_required},
 * {@code ingest_full}). A reason the ingest does not know is still a refusal.
 */
public record PublishAuthorization(boolean allowed, String reason, String streamId, String passphrase, String grant) {
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String DISABLED = "disabled";
    public static final String ALREADY_LIVE = "already_live";
    /** The owner already has as many streams live as {@code MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT} allows. */
    public static final String PUBLISHER_LIMIT = "publisher_limit";

    public static final String BAD_PASSPHRASE = "bad_passphrase";
    public static final String PASSPHRASE_REQUIRED = "passphrase_required";
    /** The ingest node the publisher reached already holds as many sessions as its capacity allows. */
    public static final String INGEST_FULL = "ingest_full";
    /** At start: the key was rotated after the publisher was authorized with it. */
    public static final String KEY_REVOKED = "key_revoked";

    public PublishAuthorization {
        if (allowed && (streamId == null || streamId.isEmpty())) {
            throw new IllegalArgumentException("an allowed publisher is told its stream");
        }
        if (!allowed && (reason == null || reason.isEmpty())) {
            throw new IllegalArgumentException("a refusal says why");
        }
    }

    public static PublishAuthorization allow(String streamId, String passphrase, String grant) {
        return new PublishAuthorization(true, null, streamId, passphrase, grant);
    }

    public static PublishAuthorization refuse(String reason) {
        return new PublishAuthorization(false, reason, null, null, null);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("allowed", allowed);
        if (allowed) {
            json.put("streamId", streamId).put("passphrase", passphrase).put("grant", grant);
        } else {
            json.put("reason", reason);
        }
        return json;
    }

    /** An answer that does not say {@code allowed:true} is a refusal (fails closed). */
    public static PublishAuthorization fromJson(JsonObject json) {
        if (!MessageFields.bool(json, "allowed", false)) {
            String reason = MessageFields.string(json, "reason");
            return refuse(reason == null || reason.isEmpty() ? "unspecified" : reason);
        }
        return allow(
                MessageFields.required(json, "streamId"),
                MessageFields.string(json, "passphrase"),
                MessageFields.string(json, "grant"));
    }

    @Override
    public String toString() { // never the passphrase or the grant
        return allowed
                ? "PublishAuthorization[allowed, stream=" + streamId + "]"
                : "PublishAuthorization[refused: " + reason + "]";
    }
}
