package org.millrace.core.bus;

import io.vertx.core.json.JsonObject;
import org.millrace.core.media.LiveMediaError;

/**
 * The SRT ingest's answer to a {@link PublisherStatsQuery}: the live measures of the stream's publisher, flat on the
 * wire as {@code {streamId, connected, bitrateKbps, rttMs, ..., fps, speed, mediaError}}. The streams service
 * carries part of it in its public stats answer.
 *
 * @param link       the SRT connection's measures; null when nobody publishes the stream on the node that answered
 * @param fps        decoded frames per second of the pipeline the publisher feeds; null until measured
 * @param speed      the encoder's speed (above 1 it keeps up); null until measured
 * @param mediaError why the pipeline last stopped playing the publisher's media; null when it did not
 */
public record PublisherStats(String streamId, Link link, Double fps, Double speed, LiveMediaError mediaError) {

    /** The measures of a connected publisher's SRT link. */
    public record Link(
            double bitrateKbps,
            double rttMs,
            double packetLossPercent,
            long retransmits,
            long packetsReceived,
            long bytesReceived,
            long packetsLost,
            long packetsDropped,
            long bufferMs,
            long latencyMs,
            boolean encrypted,
            String srtVersion,
            long sinkOverflowBytes) {}

    /** Nobody publishes {@code streamId} here (or no ingest answered). */
    public static PublisherStats disconnected(String streamId) {
        return new PublisherStats(streamId, null, null, null, null);
    }

    public boolean connected() {
        return link != null;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("streamId", streamId).put("connected", connected());
        if (link == null) {
            return json;
        }
        return json.put("bitrateKbps", link.bitrateKbps())
                .put("rttMs", link.rttMs())
                .put("packetLossPercent", link.packetLossPercent())
                .put("retransmits", link.retransmits())
                .put("packetsReceived", link.packetsReceived())
                .put("bytesReceived", link.bytesReceived())
                .put("packetsLost", link.packetsLost())
                .put("packetsDropped", link.packetsDropped())
                .put("bufferMs", link.bufferMs())
                .put("latencyMs", link.latencyMs())
                .put("encrypted", link.encrypted())
                .put("srtVersion", link.srtVersion())
                .put("sinkOverflowBytes", link.sinkOverflowBytes())
                .put("fps", fps)
                .put("speed", speed)
                .put("mediaError", mediaErrorJson(mediaError));
    }

    /** The public form of a media error, as the dashboard shows it. */
    public static JsonObject mediaErrorJson(LiveMediaError error) {
        return error == null
                ? null
                : new JsonObject()
                        .put("reason", error.reason())
                        .put("detail", error.detail())
                        .put("at", MessageFields.text(error.at()))
                        .put("restarted", error.restarted());
    }

    /** {@code connected} missing or false reads as disconnected, whatever else came along. */
    public static PublisherStats fromJson(JsonObject json) {
        String streamId = MessageFields.string(json, "streamId");
        if (!MessageFields.bool(json, "connected", false)) {
            return disconnected(streamId);
        }
        Link link = new Link(
                decimal(json, "bitrateKbps"),
                decimal(json, "rttMs"),
                decimal(json, "packetLossPercent"),
                MessageFields.whole(json, "retransmits", 0),
                MessageFields.whole(json, "packetsReceived", 0),
                MessageFields.whole(json, "bytesReceived", 0),
                MessageFields.whole(json, "packetsLost", 0),
                MessageFields.whole(json, "packetsDropped", 0),
                MessageFields.whole(json, "bufferMs", 0),
                MessageFields.whole(json, "latencyMs", 0),
                MessageFields.bool(json, "encrypted", false),
                MessageFields.string(json, "srtVersion"),
                MessageFields.whole(json, "sinkOverflowBytes", 0));
        JsonObject error = MessageFields.object(json, "mediaError");
        return new PublisherStats(
                streamId,
                link,
                MessageFields.decimal(json, "fps"),
                MessageFields.decimal(json, "speed"),
                error == null
                        ? null
                        : new LiveMediaError(
                                MessageFields.string(error, "reason"), MessageFields.string(error, "detail"),
                                MessageFields.instant(error, "at"), MessageFields.bool(error, "restarted", false)));
    }

    private static double decimal(JsonObject json, String field) {
        Double value = MessageFields.decimal(json, field);
        return value == null ? 0 : value;
    }
}
