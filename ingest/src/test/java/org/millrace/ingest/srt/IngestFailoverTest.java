package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.testkit.SrtPublisher;

/**
 * Two SRT ingest nodes with real transcoders, one streams service, real PostgreSQL, shared storage, and Debian's
 * ffmpeg as the publisher: the node holding a publisher dies, and the publisher reconnecting to the other node within
 * the grace continues the same live session, its playlists continuing after a discontinuity.
 */
class IngestFailoverTest {
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Pattern SEGMENT = Pattern.compile("(\\d+)\\.m4s");

    @TempDir
    Path dir;

    @Test
    void aPublisherWhoseNodeDiesContinuesTheSameSessionOnAnotherNode() throws Exception {
        Path ts = Media.transportStream(dir, 4);
        List<Process> publishers = new ArrayList<>();
        try (IngestCluster cluster = IngestCluster.start(dir, GRACE, 2, 4)) {
            IngestCluster.Node a = cluster.nodes.get(0);
            IngestCluster.Node b = cluster.nodes.get(1);
            String token = cluster.token("u-ada", "ada");
            JsonObject stream = cluster.create(token, new JsonObject().put("title", "failover"));
            String id = stream.getString("id");
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(stream.getString("srtUrl"), a.port()), dir.resolve("on-a.log")));
            cluster.awaitStatus(id, "live", Duration.ofSeconds(15));
            String session = cluster.stats(id, token).getString("sessionId");
            String prefix = "live/" + id + "/" + session + "/";
            String rendition = awaitRendition(cluster, prefix);
            String playlist = prefix + rendition + "/index.m3u8";
            awaitEntries(cluster, playlist, 3, Duration.ofSeconds(30));

            // Node A dies: nothing more reaches storage from it, its callers hear nothing.
            a.kill();
            publishers.get(0).destroyForcibly();
            // A write A had already begun still lands (as one in the network would): what A left is what is there
            // once its files stop changing.
            String before = settled(cluster, playlist);
            List<String> listedBefore = uris(before);
            long storedByA = highestStored(cluster, prefix + rendition + "/");

            long left = System.nanoTime();
            cluster.cluster.leave(a.id());
            cluster.awaitStatus(id, "reconnecting", Duration.ofSeconds(5));

            // The publisher comes back through node B within the grace.
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(stream.getString("srtUrl"), b.port()), dir.resolve("on-b.log")));
            cluster.awaitStatus(id, "live", Duration.ofSeconds(15));
            assertThat(cluster.stats(id, token).getString("sessionId"))
                    .as("the same session")
                    .isEqualTo(session);
            String after = awaitEntries(cluster, playlist, listedBefore.size() + 1, Duration.ofSeconds(30));
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left);
            System.out.println(
                    "BENCH takeover: node gone -> first segment of node B listed: " + takeoverMillis + " ms");

            List<String> listedAfter = uris(after);
            assertThat(listedAfter.subList(0, listedBefore.size()))
                    .as("the playlist goes on")
                    .isEqualTo(listedBefore);
            assertThat(after).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
            assertThat(after.substring(after.indexOf("#EXT-X-DISCONTINUITY\n")))
                    .as(before + "\n---\n" + after)
                    .contains(listedAfter.get(listedBefore.size()));
            assertThat(listedAfter.get(listedBefore.size()))
                    .as("numbering continues after what A stored")
                    .isEqualTo((storedByA + 1) + ".m4s");
            // The recording is built from what is stored: every number once, none missing.
            TreeSet<Long> stored = storedSequences(cluster, prefix + rendition + "/");
            assertThat(stored.first()).isZero();
            assertThat(stored).hasSize((int) (stored.last() + 1));
            assertThat(cluster.stats(id, token).getBoolean("publisherConnected"))
                    .as("stats asked of node B")
                    .isTrue();

            // A node cut off from the cluster (not dead) reporting its publisher's stop late cannot interrupt B's.
            cluster.bus(
                    Addresses.STREAMS_PUBLISH_STOPPED,
                    new JsonObject()
                            .put("streamId", id)
                            .put("sessionId", session)
                            .put("ingestNode", a.id()));
            assertThat(cluster.status(id)).isEqualTo("live");
        } finally {
            stopAll(publishers);
        }
    }

    @Test
    void aStreamLiveOnAVanishedNodeIsTakenOverAndAnotherNodesStartLeavesLivePublishersAlone() throws Exception {
        Path ts = Media.transportStream(dir, 4);
        List<Process> publishers = new ArrayList<>();
        try (IngestCluster cluster = IngestCluster.start(dir, GRACE, 2, 4)) {
            IngestCluster.Node a = cluster.nodes.get(0);
            IngestCluster.Node b = cluster.nodes.get(1);
            String token = cluster.token("u-bo", "bo");
            JsonObject first = cluster.create(token, new JsonObject().put("title", "on a"));
            JsonObject second = cluster.create(token, new JsonObject().put("title", "on b"));
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(first.getString("srtUrl"), a.port()), dir.resolve("first-a.log")));
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(second.getString("srtUrl"), b.port()), dir.resolve("second-b.log")));
            cluster.awaitStatus(first.getString("id"), "live", Duration.ofSeconds(15));
            cluster.awaitStatus(second.getString("id"), "live", Duration.ofSeconds(15));
            String session = cluster.stats(first.getString("id"), token).getString("sessionId");

            // A third node starting does not interrupt the publishers of the nodes already running.
            cluster.addNode();
            assertThat(cluster.status(first.getString("id"))).isEqualTo("live");
            assertThat(cluster.status(second.getString("id"))).isEqualTo("live");

            // While A is a member, its stream is live there: another node's caller is refused.
            Process intruder = SrtPublisher.publish(
                    ts, IngestCluster.at(first.getString("srtUrl"), b.port()), dir.resolve("intruder.log"));
            assertThat(SrtPublisher.await(intruder, 10)).isNotZero();

            // A dies and is gone from the membership before anybody heard of it: the publisher, reconnecting
            // through B, takes the session over rather than being refused as already live.
            a.kill();
            publishers.get(0).destroyForcibly();
            cluster.cluster.vanish(a.id());
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(first.getString("srtUrl"), b.port()), dir.resolve("first-b.log")));
            awaitSession(cluster, first.getString("id"), token, session, Duration.ofSeconds(15));
            assertThat(cluster.status(second.getString("id"))).isEqualTo("live");
        } finally {
            stopAll(publishers);
        }
    }

    private static void awaitSession(IngestCluster cluster, String id, String token, String session, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject stats = null;
        while (System.nanoTime() < deadline) {
            stats = cluster.stats(id, token);
            if ("live".equals(stats.getString("status"))
                    && Boolean.TRUE.equals(stats.getBoolean("publisherConnected"))) {
                assertThat(stats.getString("sessionId")).isEqualTo(session);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not live through the other node: " + stats);
    }

    /** The first rendition the master names, once the transcoder has written it. */
    private static String awaitRendition(IngestCluster cluster, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String master = cluster.text(prefix + "master.m3u8");
            if (master != null) {
                for (String line : master.split("\n")) {
                    if (line.endsWith("/index.m3u8") && !line.startsWith("#")) {
                        return line.substring(0, line.indexOf('/'));
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no master playlist under " + prefix);
    }

    /** Waits until the playlist lists at least {@code count} segments; answers its text. */
    private static String awaitEntries(IngestCluster cluster, String key, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = null;
        while (System.nanoTime() < deadline) {
            text = cluster.text(key);
            if (text != null && uris(text).size() >= count) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(key + " did not reach " + count + " segments: " + text);
    }

    /** The playlist once it and its rendition's files have not changed for a second (at most 10 s). */
    private static String settled(IngestCluster cluster, String key) throws Exception {
        String dir = key.substring(0, key.lastIndexOf('/') + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = cluster.text(key);
        TreeSet<Long> stored = storedSequences(cluster, dir);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            String now = cluster.text(key);
            TreeSet<Long> storedNow = storedSequences(cluster, dir);
            if (now.equals(text) && storedNow.equals(stored)) {
                return now;
            }
            text = now;
            stored = storedNow;
        }
        throw new AssertionError(key + " kept changing after its node died");
    }

    private static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static TreeSet<Long> storedSequences(IngestCluster cluster, String dir) {
        TreeSet<Long> out = new TreeSet<>();
        for (ObjectInfo o : cluster.storage.list(dir)) {
            Matcher m = SEGMENT.matcher(o.key().substring(dir.length()));
            if (m.matches()) {
                assertThat(out.add(Long.parseLong(m.group(1)))).isTrue();
            }
        }
        return out;
    }

    private static long highestStored(IngestCluster cluster, String dir) {
        return storedSequences(cluster, dir).last();
    }

    private static void stopAll(List<Process> publishers) throws InterruptedException {
        for (Process p : publishers) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
