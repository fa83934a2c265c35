package org.millrace.server.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.millrace.server.ApiClient;
import org.millrace.server.TestMedia;

/**
 * One ingest failover as a streamer lives it: the node holding the stream is SIGKILLed, the publisher (whose link
 * died with it) reconnects at once with the same SRT URL through the front, and the time runs until the viewer's
 * media playlist lists the first segment the reconnected publisher produced (the measure of the issue).
 */
final class IngestFailover {
    /** What the failover did: the playlists either side, the new publisher, SIGKILL → first new segment listed. */
    record Result(LivePlaylist before, LivePlaylist after, String firstNewSegment, Duration elapsed,
                  Process publisher) {
    }

    private IngestFailover() {
    }

    static Result run(ApiClient front, ClusterNode node, String streamId, Process publisher, Path media,
                      String srtUrl, Path publisherLog, Duration limit) throws Exception {
        long killedAt = System.nanoTime();
        node.kill();
        publisher.destroyForcibly(); // its SRT peer is gone: what OBS does next is reconnect
        publisher.waitFor(10, TimeUnit.SECONDS);
        Process again = TestMedia.publish(media, srtUrl, publisherLog);
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
                String fresh = now.firstNewSegment(before);
                if (fresh != null) {
                    return new Result(before, now, fresh, Duration.ofNanos(System.nanoTime() - killedAt), again);
                }
            }
            if (!again.isAlive()) {
                throw new AssertionError("the reconnecting publisher exited (" + again.exitValue() + ")");
            }
            Thread.sleep(100);
        }
        again.destroyForcibly();
        throw new AssertionError("no new segment listed within " + limit + " of the SIGKILL; last playlist " + last);
    }
}
