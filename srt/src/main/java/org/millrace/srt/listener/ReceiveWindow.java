package org.millrace.srt.listener;

/** How many packets one connection's receive buffer may hold, from its agreed latency and the bitrate allowed. */
final class ReceiveWindow {
    /** What one held packet pins: the listener's receive allocation for a datagram. */
    static final int BYTES_PER_PACKET = 2048;
    /** A live payload of seven TS packets, what ffmpeg, OBS and srt-live-transmit send. */
    private static final int TYPICAL_PAYLOAD = 1316;
    /**
     * Beyond the latency: the round trip in which a gap is reported and repaired while the sender keeps sending,
     * and room for bursts.
     */
    private static final long MARGIN_MILLIS = 500;

    private static final int MIN_PACKETS = 1024;

    private ReceiveWindow() {}

    /** Packets covering (latency + 500 ms) at {@code maxBitrate}, at least 1,024. */
    static int packets(int latencyMillis, long maxBitrate) {
        long packetsPerSecond = maxBitrate / 8 / TYPICAL_PAYLOAD + 1;
        long packets = (latencyMillis + MARGIN_MILLIS) * packetsPerSecond / 1000;
        return (int) Math.max(MIN_PACKETS, Math.min(packets, 1 << 24));
    }
}
