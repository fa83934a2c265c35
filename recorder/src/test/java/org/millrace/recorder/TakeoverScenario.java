package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.storage.StorageLayout;
import org.millrace.recorder.media.LiveSessionMaker;
import org.millrace.recorder.media.SessionRecordingBuilder;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * Two recorders, one of them in a child JVM, on one database, storage and data directory: the child claims a real
 * 12 s session and is SIGKILLed in the middle of its (slowed) build while the other recorder, started meanwhile,
 * leaves its claim and its work alone; once the lease runs out the other recorder takes the recording over and makes
 * exactly one video. Used by the kill test and by the takeover benchmark.
 */
final class TakeoverScenario {
    /** How long each stage took, from the SIGKILL. */
    record Timings(Duration killToClaim, Duration killToReady, Duration lease) {}

    private TakeoverScenario() {}

    /**
     * @param holdBeforeKill how long both recorders run before the kill; a lease or more shows the child's renewals
     *                       keeping its claim against the other
     */
    static Timings run(Path dir, Duration lease, Duration readDelay, Duration holdBeforeKill) throws Exception {
        RecorderSettings settings = RecorderHarness.SETTINGS.withLease(lease);
        try (RecorderHarness harness = RecorderHarness.start(dir)) {
            String owner = harness.token("u-kay", "kay");
            String streamId = harness.createStream(owner, new JsonObject().put("title", "Killed mid-build"));
            harness.deployRecorder();
            String sessionId = harness.publish(streamId);
            harness.awaitRecording(owner, sessionId, "recording");
            // The child recorder will find the session ended at its start-up; nobody else hears the end.
            harness.undeployRecorder();
            LiveSessionMaker maker = new LiveSessionMaker(dir, harness.storage);
            maker.publish(streamId, sessionId, false, 12);
            maker.end(streamId, sessionId);
            harness.unpublish(streamId);
            harness.awaitSessionEnded(streamId, sessionId);

            Path work = dir.resolve("recorder");
            Path childLog = dir.resolve("child-recorder.log");
            Process child = startChild(harness, dir, work, lease, readDelay, childLog);
            try {
                String[] claimant = new String[1];
                RecorderHarness.await(
                        "the child recorder's claim",
                        Duration.ofSeconds(90),
                        () -> (claimant[0] = harness.claimedBy(sessionId)) != null,
                        () -> log(childLog));
                RecorderHarness.await(
                        "the child's build in flight",
                        Duration.ofSeconds(30),
                        () -> !buildDirs(work).isEmpty(),
                        () -> log(childLog));
                List<Path> inFlight = buildDirs(work);

                // The other recorder starts on the same data directory while the child builds.
                SessionRecordingBuilder builder =
                        new SessionRecordingBuilder(harness.storage, work, VodImageSettings.defaults());
                assertThat(builder.removeLeftovers())
                        .as("the live child's work is not a leftover")
                        .isZero();
                harness.deployRecorder(settings, builder, new LocalMembership());
                Thread.sleep(holdBeforeKill.toMillis());
                assertThat(child.isAlive())
                        .as("the child is still building: " + log(childLog))
                        .isTrue();
                assertThat(harness.claimedBy(sessionId))
                        .as("the child still holds its claim")
                        .isEqualTo(claimant[0]);
                assertThat(inFlight).allSatisfy(d -> assertThat(d).isDirectory());
                assertThat(harness.imports.imports(streamId)).isEmpty();

                new ProcessBuilder("kill", "-KILL", Long.toString(child.pid()))
                        .start()
                        .waitFor();
                long killedAt = System.nanoTime();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

                long[] claimedAt = new long[1];
                RecorderHarness.await(
                        "the takeover",
                        lease.plusSeconds(30),
                        () -> {
                            String now = harness.claimedBy(sessionId);
                            if (claimedAt[0] == 0 && now != null && !now.equals(claimant[0])) {
                                claimedAt[0] = System.nanoTime();
                            }
                            return "ready".equals(harness.status(sessionId));
                        },
                        () -> "status " + status(harness, sessionId));
                long readyAt = System.nanoTime();

                JsonObject ready = harness.recording(owner, sessionId);
                assertThat(ready.getInteger("attempts")).isEqualTo(2);
                assertThat(harness.rows(sessionId)).isEqualTo(1);
                assertThat(harness.imports.imports(streamId))
                        .as("exactly one import")
                        .hasSize(1);
                JsonObject body = harness.imports.imports(streamId).get(0);
                assertThat(body.getString("recordingId")).isEqualTo(ready.getString("id"));
                assertThat(body.getDouble("durationSeconds")).isBetween(10.0, 14.0);
                Path mp4 = dir.resolve("video.mp4");
                try (var object = harness.storage.get(StorageLayout.recordingMp4(ready.getString("id")))) {
                    Files.write(mp4, object.readAllBytes());
                }
                String probe = Commands.run(
                        List.of(
                                "ffprobe",
                                "-v",
                                "error",
                                "-show_entries",
                                "format=duration",
                                "-of",
                                "default=nw=1:nk=1",
                                mp4.toString()),
                        60);
                assertThat(Double.parseDouble(probe.strip())).isBetween(10.0, 14.0);
                return new Timings(
                        Duration.ofNanos(claimedAt[0] == 0 ? readyAt - killedAt : claimedAt[0] - killedAt),
                        Duration.ofNanos(readyAt - killedAt),
                        lease);
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startChild(
            RecorderHarness harness, Path dir, Path work, Duration lease, Duration readDelay, Path log)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                RecorderProcessMain.class.getName(),
                "dbPort=" + harness.database(1).port(),
                "dataDir=" + dir,
                "storage=" + dir.resolve("storage"),
                "workDir=" + work,
                "importUrl=http://127.0.0.1:" + harness.imports.port(),
                "apiKey=" + harness.config.internalApiKey(),
                "leaseMs=" + lease.toMillis(),
                "readDelayMs=" + readDelay.toMillis()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The builds in flight under a work directory: {@code run-*}/{@code rec-*}. */
    private static List<Path> buildDirs(Path work) throws Exception {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(work, 2)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("rec-") && Files.isDirectory(p))
                    .toList();
        }
    }

    private static String status(RecorderHarness harness, String sessionId) {
        try {
            return harness.status(sessionId);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String log(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(
                    File.separator.equals("/") ? "\n" : "\r\n",
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no child log: " + e + ")";
        }
    }
}
