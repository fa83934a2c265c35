package org.millrace.gateway;

import io.vertx.core.eventbus.EventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.millrace.core.bus.LivePlaylistPublisher;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LiveUris;
import org.millrace.hls.LowLatency;
import org.millrace.hls.MediaPlaylist;

/**
 * Writes one live rendition the way the transcoder does, for the gateway's tests: each part and segment put in
 * storage first, then the classic {@code index.m3u8} on each complete segment, then the tail published on the real
 * event bus through the server's own {@link LivePlaylistPublisher}. A segment is the target duration, cut into as
 * many parts of at most the part target as it takes (three 1/3 s parts to a 1 s segment).
 */
final class LiveRenditionWriter {
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    /** Complete segments a tail carries (as the transcoder: the parts-listed ones and one more). */
    static final int TAIL_SEGMENTS = 4;

    private final Storage storage;
    private final LivePlaylistPublisher publisher;
    private final LiveSessionInfo session;
    private final String rendition;
    private final Duration target;
    private final int partsPerSegment;
    private final MediaPlaylist playlist;
    private final String dir;
    private long sequence;
    private int parts;
    private boolean open;
    /** While false, changes go to storage but no tail is published (updates lost on the way). */
    private boolean publishing = true;

    LiveRenditionWriter(
            Storage storage,
            EventBus bus,
            String streamId,
            String sessionId,
            String rendition,
            Duration target,
            LowLatency ll) {
        this.storage = storage;
        this.publisher = new LivePlaylistPublisher(bus);
        this.session = new LiveSessionInfo(streamId, sessionId, false, T0, "127.0.0.1:9", 120, false);
        this.rendition = rendition;
        this.target = target;
        this.partsPerSegment =
                (int) Math.ceil(target.toMillis() / (double) ll.partTarget().toMillis());
        this.playlist = new MediaPlaylist(target, Duration.ofHours(2), ll);
        this.dir = StorageLayout.liveSession(streamId, sessionId) + rendition + "/";
        storage.put(dir + LiveUris.init(0), bytes("init"), null);
    }

    /** Whole milliseconds, so a part is never longer than the part target (a segment is a hair under the target). */
    double partSeconds() {
        return (target.toMillis() / partsPerSegment) / 1000.0;
    }

    /** The next part: opens a segment when none is open; completes the segment after its last part. */
    void part() {
        if (!open) {
            playlist.open(sequence, T0.plus(target.multipliedBy(sequence)), LiveUris.init(0), false);
            open = true;
            parts = 0;
        }
        String uri = LiveUris.part(sequence, parts);
        storage.put(dir + uri, partBytes(sequence, parts), null);
        playlist.addPart(new HlsPart(parts, partSeconds(), uri, parts == 0, false));
        parts++;
        publish();
        if (parts == partsPerSegment) {
            complete();
        }
    }

    /** Writes {@code count} whole segments, part by part. */
    void segments(int count) {
        for (int i = 0; i < count * partsPerSegment; i++) {
            part();
        }
    }

    /**
     * A long past at once: {@code count} complete segments listed (their media not written) and the playlist put in
     * storage once, nothing published; what a gateway joining a long session finds.
     */
    void prefill(int count) {
        for (int i = 0; i < count; i++) {
            playlist.add(new HlsSegment(
                    sequence,
                    partSeconds() * partsPerSegment,
                    LiveUris.segment(sequence),
                    T0.plus(target.multipliedBy(sequence)),
                    LiveUris.init(0),
                    false,
                    false));
            sequence++;
        }
        storage.put(dir + "index.m3u8", bytes(playlist.render()), null);
    }

    /** The classic text storage has now. */
    String stored() {
        return playlist.render();
    }

    private void complete() {
        storage.put(dir + LiveUris.segment(sequence), bytes("segment-" + sequence), null);
        playlist.add(new HlsSegment(
                sequence,
                partSeconds() * partsPerSegment,
                LiveUris.segment(sequence),
                T0.plus(target.multipliedBy(sequence)),
                LiveUris.init(0),
                false,
                false));
        storage.put(dir + "index.m3u8", bytes(playlist.render()), null);
        open = false;
        sequence++;
        publish();
    }

    void end() {
        playlist.end();
        storage.put(dir + "index.m3u8", bytes(playlist.render()), null);
        publish();
    }

    void publishing(boolean on) {
        publishing = on;
    }

    void publish() {
        if (publishing) {
            publisher.playlistChanged(session, rendition, playlist.tail(TAIL_SEGMENTS));
        }
    }

    /** The sequence of the segment being (or next to be) written, and its next part's index. */
    long sequence() {
        return sequence;
    }

    int nextPart() {
        return open ? parts : 0;
    }

    static byte[] partBytes(long sequence, int index) {
        return bytes("moof-mdat " + sequence + "." + index);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
