package org.millrace.ingest.srt;

import org.millrace.core.bus.PublisherStats;
import org.millrace.core.media.LiveSinkStats;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.stream.SrtConnectionInfo;

/** A connected publisher's live measures as the ingest answers them: its SRT link and the pipeline it feeds. */
final class PublisherMeasures {
    private PublisherMeasures() {}

    static PublisherStats of(String streamId, SrtConnectionInfo connection, long overflowBytes, LiveSinkStats media) {
        ReceiverStatistics s = connection.statistics();
        long received = Math.max(0, s.packetsReceived() - s.packetsDuplicate());
        double loss = received + s.packetsLost() == 0 ? 0 : 100.0 * s.packetsLost() / (received + s.packetsLost());
        PublisherStats.Link link = new PublisherStats.Link(
                round(s.receiveRateBitsPerSecond() / 1000),
                round(s.rttMillis()),
                round(loss),
                s.packetsRetransmitted(),
                s.packetsReceived(),
                s.bytesReceived(),
                s.packetsLost(),
                s.packetsDropped(),
                s.bufferedMillis(),
                connection.latencyMillis(),
                connection.encrypted(),
                connection.peerVersion(),
                overflowBytes);
        return new PublisherStats(
                streamId,
                link,
                media.fps() == null ? null : round(media.fps()),
                media.speed() == null ? null : Math.round(media.speed() * 100) / 100.0,
                media.mediaError());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
