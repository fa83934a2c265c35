package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.testkit.SrtPublisher;

/**
 * nginx/srt-front.conf.template in Debian's nginx (stream module) in front of two SRT ingest nodes, publishers being
 * Debian's ffmpeg (libsrt) on one address: two publishers land on different nodes (least_conn), and when one node
 * dies (its socket gone: ICMP port unreachable), its publisher reconnecting through the front lands on the other
 * node and continues its session.
 */
class SrtFrontTest {
    /** The template's proxy_timeout. */
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void publishersSpreadOverTheNodesAndAReconnectAfterANodeDiesLandsOnTheOther() throws Exception {
        Path ts = Media.transportStream(dir, 4);
        List<Process> publishers = new ArrayList<>();
        try (IngestCluster cluster = IngestCluster.start(dir, Duration.ofSeconds(30), 2, 4);
                SrtFront front = SrtFront.start(
                        dir.resolve("nginx"),
                        cluster.nodes.stream().map(IngestCluster.Node::port).toList())) {
            String token = cluster.token("u-eve", "eve");
            JsonObject first = cluster.create(token, new JsonObject().put("title", "one"));
            JsonObject second = cluster.create(token, new JsonObject().put("title", "two"));
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(first.getString("srtUrl"), front.port), dir.resolve("one.log")));
            cluster.awaitStatus(first.getString("id"), "live", Duration.ofSeconds(15));
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(second.getString("srtUrl"), front.port), dir.resolve("two.log")));
            cluster.awaitStatus(second.getString("id"), "live", Duration.ofSeconds(15));

            IngestCluster.Node firstNode = holder(cluster, first.getString("id"));
            IngestCluster.Node secondNode = holder(cluster, second.getString("id"));
            assertThat(firstNode)
                    .as("the second publisher goes to the node with fewer")
                    .isNotEqualTo(secondNode);
            String session = cluster.stats(first.getString("id"), token).getString("sessionId");

            // The first publisher's node dies; the cluster says so; the publisher reconnects through the front.
            firstNode.kill();
            cluster.cluster.leave(firstNode.id());
            publishers.get(0).destroyForcibly();
            publishers.get(0).waitFor(5, TimeUnit.SECONDS);
            cluster.awaitStatus(first.getString("id"), "reconnecting", Duration.ofSeconds(5));
            // Once nginx has let the dead connection's session go (proxy_timeout), least_conn's choice for the next
            // caller is the dead node itself (no sessions): only the failure detection sends it on.
            Thread.sleep(PROXY_TIMEOUT.plusSeconds(1).toMillis());
            publishers.add(SrtPublisher.publishLooping(
                    ts, IngestCluster.at(first.getString("srtUrl"), front.port), dir.resolve("one-again.log")));
            cluster.awaitStatus(first.getString("id"), "live", Duration.ofSeconds(15));
            assertThat(holder(cluster, first.getString("id")))
                    .as("the surviving node")
                    .isEqualTo(secondNode);
            assertThat(cluster.stats(first.getString("id"), token).getString("sessionId"))
                    .isEqualTo(session);
            assertThat(cluster.status(second.getString("id"))).isEqualTo("live");
            System.out.println("nginx error log:\n" + front.errorLog());
        } finally {
            for (Process p : publishers) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static IngestCluster.Node holder(IngestCluster cluster, String streamId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (IngestCluster.Node node : cluster.nodes) {
                if (node.ingest().publishes(streamId)) {
                    return node;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no node holds " + streamId);
    }
}
