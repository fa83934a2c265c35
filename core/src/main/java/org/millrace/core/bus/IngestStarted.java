package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * An SRT ingest (re)started with no publisher ({@link Addresses#STREAMS_INGEST_STARTED}); answered by an
 * {@link IngestStarted.Answer}.
 *
 * @param ingestNode the cluster member that started; null from a sender that does not say
 */
public record IngestStarted(String ingestNode) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (ingestNode != null) {
            json.put("ingestNode", ingestNode);
        }
        return json;
    }

    public static IngestStarted fromJson(JsonObject json) {
        return new IngestStarted(MessageFields.string(json, "ingestNode"));
    }

    /** How many streams left live by a dead ingest turned reconnecting. */
    public record Answer(int interrupted) {

        public JsonObject toJson() {
            return new JsonObject().put("interrupted", interrupted);
        }

        public static Answer fromJson(JsonObject json) {
            return new Answer((int) MessageFields.whole(json, "interrupted", 0));
        }
    }
}
