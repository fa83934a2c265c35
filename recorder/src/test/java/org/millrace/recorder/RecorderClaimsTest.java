package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.testing.TestCluster;

/**
 * Two recorders over one database, one storage and one import endpoint, each in its own Vert.x instance and both
 * hearing every live event: one recording row, one build and one import per session; a recorder starting while
 * the other builds leaves that build alone; a recorder whose claim was taken over writes and imports nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderClaimsTest {
    /** Short leases, so a wrongly taken claim would show within the test. */
    private static final RecorderSettings SETTINGS = RecorderHarness.SETTINGS.withLease(Duration.ofMillis(1200));

    private RecorderHarness harness;
    private RecorderPeer peer;
    private final LocalMembership first = new LocalMembership();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = RecorderHarness.start(dir);
        peer = new RecorderPeer(harness);
    }

    @AfterEach
    void undeploy() throws Exception {
        harness.undeployRecorder();
        peer.undeployRecorder();
    }

    @AfterAll
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void twoRecordersHearingTheSameSessionsMakeOneRecordingOneBuildAndOneImportEach() throws Exception {
        harness.deployRecorder(SETTINGS, harness.builder, first);
        peer.deployRecorder(SETTINGS);
        String owner = harness.token("u-two", "two");
        List<String> streams = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String streamId = harness.createStream(owner, new JsonObject().put("title", "Twin " + i));
            harness.builder.slow(streamId, Duration.ofMillis(700));
            peer.builder.slow(streamId, Duration.ofMillis(700));
            streams.add(streamId);
            sessions.add(harness.publish(streamId));
        }
        for (String sessionId : sessions) {
            harness.awaitRecording(owner, sessionId, "recording");
            assertThat(harness.rows(sessionId))
                    .as("both recorders created it; one row")
                    .isEqualTo(1);
        }
        streams.forEach(streamId -> {
            try {
                harness.unpublish(streamId);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        for (String sessionId : sessions) {
            harness.awaitRecording(owner, sessionId, "ready");
            assertThat(harness.rows(sessionId)).isEqualTo(1);
        }
        int byFirst = 0;
        int bySecond = 0;
        for (String streamId : streams) {
            int a = harness.builder.builds(streamId).size();
            int b = peer.builder.builds(streamId).size();
            assertThat(a + b).as("builds of %s", streamId).isEqualTo(1);
            assertThat(harness.imports.imports(streamId))
                    .as("imports of %s", streamId)
                    .hasSize(1);
            byFirst += a;
            bySecond += b;
        }
        assertThat(byFirst).as("the first recorder took a share").isPositive();
        assertThat(bySecond).as("the second recorder took a share").isPositive();

        // One recorder restarts while the other builds: the build in flight stays with its claimant.
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Long build"));
        harness.builder.slow(streamId, Duration.ofMillis(4000));
        peer.builder.slow(streamId, Duration.ofMillis(4000));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.unpublish(streamId);
        String[] claimant = new String[1];
        RecorderHarness.await("a claim on " + sessionId, () -> (claimant[0] = harness.claimedBy(sessionId)) != null);
        boolean firstBuilds = claimant[0].startsWith(first.localNodeId() + "/");
        if (firstBuilds) {
            peer.undeployRecorder();
            peer.deployRecorder(SETTINGS);
        } else {
            harness.undeployRecorder();
            harness.deployRecorder(SETTINGS, harness.builder, first);
        }
        // Longer than a lease: the claimant's renewals keep it.
        Thread.sleep(SETTINGS.lease().toMillis() + 600);
        assertThat(harness.claimedBy(sessionId)).as("still the claimant's").isEqualTo(claimant[0]);
        harness.awaitRecording(owner, sessionId, "ready");
        assertThat(harness.builder.builds(streamId).size()
                        + peer.builder.builds(streamId).size())
                .as("builds of the long one")
                .isEqualTo(1);
        assertThat((firstBuilds ? harness.builder : peer.builder).builds(streamId))
                .hasSize(1);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
    }

    @Test
    void aRecorderWhoseClaimWasTakenOverWritesAndImportsNothing() throws Exception {
        harness.deployRecorder(SETTINGS, harness.builder, first);
        String owner = harness.token("u-lost", "lost");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Stalled"));
        harness.builder.slow(streamId, Duration.ofMillis(2500));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.unpublish(streamId);
        RecorderHarness.await("a claim on " + sessionId, () -> harness.claimedBy(sessionId) != null);

        // Another recorder took it over (this one had stalled past its lease), and holds it.
        harness.sql(
                "UPDATE recordings SET claimed_by = 'elsewhere/1', claimed_node = 'elsewhere', "
                        + "lease_until = now() + interval '1 hour' WHERE session_id = $1",
                sessionId);
        RecorderHarness.await("the stalled build to end", () -> harness.builder.ended(streamId) > 0);
        // Time for an import and an outcome, were it to send them.
        Thread.sleep(SETTINGS.lease().toMillis());

        assertThat(harness.claimedBy(sessionId)).isEqualTo("elsewhere/1");
        assertThat(harness.status(sessionId)).isEqualTo("processing");
        assertThat(harness.imports.imports(streamId)).as("no second video").isEmpty();
        String recordingId = harness.recording(owner, sessionId).getString("id");
        assertThat(harness.storage.stat(StorageLayout.recordingMp4(recordingId)))
                .as("the new owner's output untouched")
                .isEmpty();
    }

    @Test
    void aBuildWhoseRecorderStoppedRenewingIsTakenOverAfterItsLease() throws Exception {
        String owner = harness.token("u-late", "late");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Orphaned"));
        harness.deployRecorder(SETTINGS, harness.builder, first);
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.undeployRecorder();
        harness.unpublish(streamId);
        harness.awaitSessionEnded(streamId, sessionId);
        // A recorder that died mid-build leaves its claim, its lease running out a moment from now.
        harness.sql(
                "UPDATE recordings SET status = 'processing', attempts = 1, claimed_by = 'dead/1', "
                        + "claimed_node = 'dead', lease_until = now() + interval '1500 milliseconds' WHERE session_id = $1",
                sessionId);

        peer.deployRecorder(SETTINGS);
        Thread.sleep(700);
        assertThat(harness.claimedBy(sessionId)).as("the lease still runs").isEqualTo("dead/1");
        assertThat(peer.builder.builds(streamId)).isEmpty();
        // Only the peer's recorder runs, and the harness's gateway reaches no recordings API: read the table.
        RecorderHarness.await("the takeover", () -> "ready".equals(harness.status(sessionId)));
        assertThat(harness.attempts(sessionId)).isEqualTo(2);
        assertThat(peer.builder.builds(streamId)).hasSize(1);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
    }

    @Test
    void theBuildsOfANodeThatLeftTheClusterAreTakenOverAtOnceNotAfterTheirLease() throws Exception {
        TestCluster cluster = new TestCluster();
        ClusterMembership membership = cluster.join(java.util.UUID.randomUUID().toString());
        cluster.join("node-b");
        cluster.join("node-c");
        String owner = harness.token("u-node", "node");
        harness.deployRecorder(SETTINGS, harness.builder, membership);
        String leftId = harness.createStream(owner, new JsonObject().put("title", "Node left"));
        String leftSession = harness.publish(leftId);
        String goneId = harness.createStream(owner, new JsonObject().put("title", "Node gone before"));
        String goneSession = harness.publish(goneId);
        harness.awaitRecording(owner, leftSession, "recording");
        harness.awaitRecording(owner, goneSession, "recording");
        harness.undeployRecorder();
        harness.unpublish(leftId);
        harness.unpublish(goneId);
        harness.awaitSessionEnded(leftId, leftSession);
        harness.awaitSessionEnded(goneId, goneSession);
        // Builds held for an hour more by node-b (a member) and by node-z (gone while this recorder was down).
        String claim = "UPDATE recordings SET status = 'processing', attempts = 1, claimed_by = $2, claimed_node = $3, "
                + "lease_until = now() + interval '1 hour' WHERE session_id = $1";
        harness.sql(claim, leftSession, "node-b/1", "node-b");
        harness.sql(claim, goneSession, "node-z/1", "node-z");

        harness.deployRecorder(SETTINGS, harness.builder, membership);
        harness.awaitRecording(owner, goneSession, "ready");
        Thread.sleep(500);
        assertThat(harness.claimedBy(leftSession))
                .as("a member's build is left alone")
                .isEqualTo("node-b/1");
        assertThat(harness.builder.builds(leftId)).isEmpty();

        cluster.leave("node-b");
        JsonObject ready = harness.awaitRecording(owner, leftSession, "ready");
        assertThat(ready.getInteger("attempts")).isEqualTo(2);
        assertThat(harness.imports.imports(leftId)).hasSize(1);
        assertThat(harness.imports.imports(goneId)).hasSize(1);
    }
}
