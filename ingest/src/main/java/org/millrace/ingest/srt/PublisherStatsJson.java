package org.millrace.ingest.srt;

import org.millrace.core.media.LiveSinkStats;
import org.millrace.srt.listener.SrtConnectionInfo;
import org.millrace.srt.receiver.ReceiverStatistics;

import io.vertx.core.json.JsonObject;

/** A connected publisher's live measures as the ingest answers them: its SRT link and the pipeline it feeds. */
final class PublisherStatsJson {
    private PublisherStatsJson() {
    }

    static JsonObject of(String streamId, SrtConnectionInfo connection, long overflowBytes,
                                LiveSinkStats media) {
        ReceiverStatistics s = connection.statistics();
        long received = Math.max(0, s.packetsReceived() - s.packetsDuplicate());
        double loss = received + s.packetsLost() == 0 ? 0 : 100.0 * s.packetsLost() / (received + s.packetsLost());
        return new JsonObject()
                .put("streamId", streamId)
                .put("connected", true)
                .put("bitrateKbps", round(s.receiveRateBitsPerSecond() / 1000))
                .put("rttMs", round(s.rttMillis()))
                .put("packetLossPercent", round(loss))
                .put("retransmits", s.packetsRetransmitted())
                .put("packetsReceived", s.packetsReceived())
                .put("bytesReceived", s.bytesReceived())
                .put("packetsLost", s.packetsLost())
                .put("packetsDropped", s.packetsDropped())
                .put("bufferMs", s.bufferedMillis())
                .put("latencyMs", connection.latencyMillis())
                .put("encrypted", connection.encrypted())
                .put("srtVersion", connection.peerVersion())
                .put("sinkOverflowBytes", overflowBytes)
                .put("fps", media.fps() == null ? null : round(media.fps()))
                .put("speed", media.speed() == null ? null : Math.round(media.speed() * 100) / 100.0)
                .put("mediaError", media.mediaError() == null ? null : new JsonObject()
                        .put("reason", media.mediaError().reason())
                        .put("detail", media.mediaError().detail())
                        .put("at", media.mediaError().at().toString())
                        .put("restarted", media.mediaError().restarted()));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
