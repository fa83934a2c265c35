package org.millrace.hls;

import java.time.Duration;
import java.time.Instant;

/** Test fixture: writes a live LL-HLS rendition the way the transcoder does (open, parts, complete). */
final class LivePlaylistWriter {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    static final Duration TARGET = Duration.ofSeconds(2);
    static final LowLatency LL = new LowLatency(Duration.ofMillis(333), 3, Duration.ofSeconds(12));
    /** Six parts of 1/3 s make a 2 s segment; the first starts with the keyframe. */
    static final int PARTS = 6;

    static final double PART = 2.0 / PARTS;

    final MediaPlaylist playlist;
    private String map = LiveUris.init(0);
    private long epochStart;
    private double epochStartSeconds;

    LivePlaylistWriter(Duration window) {
        this.playlist = new MediaPlaylist(TARGET, window, LL);
    }

    LivePlaylistWriter() {
        this(Duration.ofHours(2));
    }

    /** Opens segment {@code seq} (of the current epoch) and writes {@code parts} parts of it. */
    LivePlaylistWriter open(long seq, int parts) {
        playlist.open(seq, dateOf(seq), map, seq == epochStart && seq > 0);
        for (int i = 0; i < parts; i++) {
            part(seq, i);
        }
        return this;
    }

    LivePlaylistWriter part(long seq, int index) {
        playlist.addPart(new HlsPart(index, PART, LiveUris.part(seq, index), index == 0, false));
        return this;
    }

    /** Opens, writes all parts of and completes segment {@code seq}. */
    LivePlaylistWriter segment(long seq) {
        open(seq, PARTS);
        return complete(seq);
    }

    LivePlaylistWriter complete(long seq) {
        playlist.add(
                new HlsSegment(seq, 2.0, LiveUris.segment(seq), dateOf(seq), map, seq == epochStart && seq > 0, false));
        return this;
    }

    LivePlaylistWriter segments(long from, long to) {
        for (long s = from; s <= to; s++) {
            segment(s);
        }
        return this;
    }

    /** A reconnecting publisher: the next epoch starts at {@code seq}, {@code pauseSeconds} later, with its own init. */
    LivePlaylistWriter reconnect(long seq, double pauseSeconds) {
        epochStartSeconds = secondsOf(seq - 1) + 2.0 + pauseSeconds;
        epochStart = seq;
        map = LiveUris.init(seq);
        return this;
    }

    private double secondsOf(long seq) {
        return epochStartSeconds + 2.0 * (seq - epochStart);
    }

    Instant dateOf(long seq) {
        return T0.plusMillis(Math.round(secondsOf(seq) * 1000));
    }
}
