package org.millrace.ingest.streams;

import io.vertx.core.json.JsonObject;

/**
 * The answer to "may this key publish?": the stream, the passphrase the SRT listener must require, and the grant
 * (the stored hash of the key it was authorized with, which {@code publish-started} hands back so a key rotated in
 * between cannot go live); or the reason for refusing ({@code unknown_key}, {@code disabled}, {@code already_live},
 * {@code publisher_limit}, {@code bad_passphrase}, {@code passphrase_required}, {@code ingest_full}).
 */
public record PublishDecision(boolean allowed, String reason, String streamId, String passphrase, String grant) {
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String DISABLED = "disabled";
    public static final String ALREADY_LIVE = "already_live";
    /** The owner already has as many streams live as {@code MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT} allows. */
    public static final String PUBLISHER_LIMIT = "publisher_limit";
    public static final String BAD_PASSPHRASE = "bad_passphrase";
    public static final String PASSPHRASE_REQUIRED = "passphrase_required";
    /** The ingest node the publisher reached transcodes as many publishers as its capacity allows. */
    public static final String INGEST_FULL = "ingest_full";
    /** At start: the key was rotated after the publisher was authorized with it. */
    public static final String KEY_REVOKED = "key_revoked";

    public static PublishDecision allow(String streamId, String passphrase, String grant) {
        return new PublishDecision(true, null, streamId, passphrase, grant);
    }

    public static PublishDecision refuse(String reason) {
        return new PublishDecision(false, reason, null, null, null);
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

    @Override
    public String toString() {
        return allowed ? "PublishDecision[allowed, stream=" + streamId + "]" : "PublishDecision[refused: " + reason + "]";
    }
}
