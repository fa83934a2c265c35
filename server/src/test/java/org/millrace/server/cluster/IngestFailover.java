package org.millrace.server.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.millrace.server.ApiClient;
import org.millrace.server.TestMedia;

/**
 * One ingest failover as a streamer lives it: the node holding the stream is SIGKILLed, the publisher (whose link
 * died with it) reconnects at once with the same SRT URL through the front (again every 500 ms while refused), and
 * the time runs until the viewer's media playlist lists the first segment the reconnected publisher produced (the
 * measure of the issue).
 */
final class IngestFailover {
    /**
     * What the failover did: the playlists either side, SIGKILL → first new segment listed, the publisher now
     * running and how many connection attempts it took.
     */
    record Result(
            LivePlaylist before,
            LivePlaylist after,
            String firstNewSegment,
            Duration elapsed,
            Process publisher,
            int attempts) {}

    /** A refused publisher tries again after this (OBS's reconnect delay is a few seconds; ffmpeg exits at once). */
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private IngestFailover() {}

    /** SIGKILLs {@code node}, which holds {@code streamId}'s {@code publisher}, and reconnects the publisher. */
    static Result run(
            ApiClient front,
            ClusterNode node,
            String streamId,
            Process publisher,
            Path media,
            String srtUrl,
            Path publisherLog,
            Duration limit)
            throws Exception {
        return measure(front, node, streamId, publisher, media, srtUrl, publisherLog, limit);
    }

    /**
     * The reference: the same reconnect with every node alive (the publisher's own link dropped), timed from the
     * drop to the first new segment listed.
     */
    static Result reconnectOnly(
            ApiClient front,
            String streamId,
            Process publisher,
            Path media,
            String srtUrl,
            Path publisherLog,
            Duration limit)
            throws Exception {
        return measure(front, null, streamId, publisher, media, srtUrl, publisherLog, limit);
    }

    private static Result measure(
            ApiClient front,
            ClusterNode node,
            String streamId,
            Process publisher,
            Path media,
            String srtUrl,
            Path publisherLog,
            Duration limit)
            throws Exception {
        long killedAt = System.nanoTime();
        if (node != null) {
            node.kill();
        }
        publisher.destroyForcibly(); // its SRT peer is gone (or its link dropped): what OBS does next is reconnect
        publisher.waitFor(10, TimeUnit.SECONDS);
        Process again = TestMedia.publish(media, srtUrl, publisherLog);
        long lastTry = System.nanoTime();
        int attempts = 1;
        // What viewers had when the node died, once a write the storage had already received has landed; the new
        // publisher cannot have a 2 s segment yet.
        Thread.sleep(300);
        LivePlaylist before = LivePlaylist.read(front, streamId);
        long deadline = killedAt + limit.toNanos();
        LivePlaylist last = before;
        while (System.nanoTime() < deadline) {
            LivePlaylist now = LivePlaylist.read(front, streamId);
            if (before == null) {
                before = now;
            } else if (now != null) {
                last = now;
                // The reconnected publisher's, behind a discontinuity: not the old connection's last segment, which
                // a node still alive flushes when it notices that connection gone.
                String fresh = now.firstSegmentAfterDiscontinuity(before);
                if (fresh != null && again.isAlive()) {
                    return new Result(
                            before, now, fresh, Duration.ofNanos(System.nanoTime() - killedAt), again, attempts);
                }
            }
            if (!again.isAlive() && System.nanoTime() - lastTry > RETRY_DELAY.toNanos()) {
                // Refused (the stream still live on a node not yet known dead): try again, as OBS does.
                again = TestMedia.publish(media, srtUrl, publisherLog);
                lastTry = System.nanoTime();
                attempts++;
            }
            Thread.sleep(100);
        }
        again.destroyForcibly();
        throw new AssertionError("no new segment listed within " + limit + " of the SIGKILL; last playlist " + last);
    }
}
