package org.millrace.ingest.streams;

import io.vertx.core.json.JsonObject;

/**
 * The answer to "may this key publish?": the stream and the passphrase the SRT listener must require, or the
 * reason for refusing ({@code unknown_key}, {@code disabled}, {@code already_live}, {@code bad_passphrase},
 * {@code passphrase_required}).
 */
public record PublishDecision(boolean allowed, String reason, String streamId, String passphrase) {
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String DISABLED = "disabled";
    public static final String ALREADY_LIVE = "already_live";
    public static final String BAD_PASSPHRASE = "bad_passphrase";
    public static final String PASSPHRASE_REQUIRED = "passphrase_required";

    public static PublishDecision allow(String streamId, String passphrase) {
        return new PublishDecision(true, null, streamId, passphrase);
    }

    public static PublishDecision refuse(String reason) {
        return new PublishDecision(false, reason, null, null);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("allowed", allowed);
        if (allowed) {
            json.put("streamId", streamId).put("passphrase", passphrase);
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
