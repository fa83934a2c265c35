package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.search.Search;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveEndReason;
import org.millrace.testkit.MediaChecks;
import org.millrace.testkit.SrtPublisher;
import org.slf4j.LoggerFactory;

/**
 * Debian's ffmpeg (libsrt 1.5.1) publishes to the SRT ingest with the exact srtUrl the streams API hands out, against
 * the real streams service on embedded PostgreSQL. Every log line of the class is captured: no stream key or
 * passphrase may appear in one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SrtIngestTest {
    private static final Duration GRACE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static IngestHarness harness;
    private static Path ts4;
    private static Path ts2;
    private static String token;
    private static final List<String> secrets = new CopyOnWriteArrayList<>();
    private static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private static Level levelBefore;

    @BeforeAll
    static void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.millrace");
        levelBefore = ours.getLevel();
        captured.start();
        root.addAppender(captured);
        ours.setLevel(Level.TRACE);
        ts4 = Media.transportStream(dir, 4);
        ts2 = Media.transportStream(dir, 2);
        harness = IngestHarness.start(dir, GRACE);
        token = harness.token("u-erin", "erin");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(captured);
            ((Logger) LoggerFactory.getLogger("org.millrace")).setLevel(levelBefore);
        }
    }

    private static JsonObject newStream(String title, String passphrase) throws Exception {
        JsonObject body = new JsonObject().put("title", title);
        if (passphrase != null) {
            body.put("passphrase", passphrase);
            secrets.add(passphrase);
        }
        JsonObject created = harness.create(token, body);
        secrets.add(created.getString("streamKey"));
        return created;
    }

    private static Path log(String name) {
        return dir.resolve(name + ".log");
    }

    @Test
    @Order(1)
    void publishesByteIdenticalGoesLiveThenReconnectingAndResumesTheSession() throws Exception {
        JsonObject stream = newStream("Morning show", null);
        String id = stream.getString("id");
        String url = harness.local(stream.getString("srtUrl")) + "&linger=5";
        byte[] reference = Media.remux(ts4);

        Process ffmpeg = SrtPublisher.publish(ts4, url, log("first"));
        harness.awaitStatus(id, "live", Duration.ofSeconds(5));
        JsonObject stats = harness.stats(id, token);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (stats.getDouble("bitrateKbps", 0.0) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // the receive rate is measured over whole seconds
            stats = harness.stats(id, token);
        }
        assertThat(stats.getBoolean("publisherConnected")).isTrue();
        assertThat(stats.getDouble("bitrateKbps")).isPositive();
        assertThat(stats.getDouble("rttMs")).isNotNull();
        assertThat(stats.getDouble("packetLossPercent")).isNotNull();
        assertThat(stats.getValue("fps")).isNull();
        String sessionId = stats.getString("sessionId");
        assertThat(sessionId).isNotNull();
        assertThat(Search.in(harness.metrics.registry())
                        .name("millrace.srt.packets.received")
                        .tag("stream", id)
                        .functionCounter()
                        .count())
                .isPositive();

        String scrape = harness.metrics.scrape();
        for (String name : List.of(
                "millrace_srt_packets_received_total",
                "millrace_srt_received_bytes_total",
                "millrace_srt_packets_lost_total",
                "millrace_srt_packets_retransmitted_total",
                "millrace_srt_packets_dropped_total",
                "millrace_srt_rtt_milliseconds",
                "millrace_srt_bitrate_bits_per_second",
                "millrace_srt_buffer_milliseconds",
                "millrace_srt_buffer_packets",
                "millrace_srt_sink_overflow_bytes_total")) {
            assertThat(scrape).contains(name + "{stream=\"" + id + "\"}");
        }
        assertThat(scrape)
                .contains("millrace_srt_listener_accepted_total")
                .contains("millrace_srt_listener_rejected_total")
                .contains("millrace_srt_listener_malformed_total")
                .contains("millrace_srt_listener_unknown_socket_total")
                .contains("millrace_srt_listener_source_limited_total")
                .contains("millrace_srt_listener_key_material_dropped_total")
                .contains("millrace_srt_listener_buffer_held_bytes")
                .contains("millrace_srt_listener_buffer_refused_total");
        assertThat(SrtPublisher.await(ffmpeg, 30))
                .as(Files.readString(log("first")))
                .isZero();
        RecordingLiveInput.Recording first = harness.input.awaitRecording(id, 0, 5000);
        assertThat(first.closed.get(10, TimeUnit.SECONDS)).isEqualTo(LiveEndReason.PUBLISHER_CLOSED);
        assertThat(first.session.sessionId()).isEqualTo(sessionId);
        assertThat(first.session.resumed()).isFalse();
        assertThat(first.bytes().length).isEqualTo(reference.length);
        assertThat(MediaChecks.sha256(first.bytes())).isEqualTo(MediaChecks.sha256(reference));
        harness.awaitStatus(id, "reconnecting", Duration.ofSeconds(5));
        assertThat(Search.in(harness.metrics.registry())
                        .name("millrace.srt.packets.received")
                        .tag("stream", id)
                        .functionCounters())
                .as("meters of a gone publisher are removed")
                .isEmpty();

        // The same key within the grace continues the same session.
        Process again = SrtPublisher.publish(ts2, url, log("again"));
        harness.awaitStatus(id, "live", Duration.ofSeconds(5));
        assertThat(SrtPublisher.await(again, 30))
                .as(Files.readString(log("again")))
                .isZero();
        RecordingLiveInput.Recording second = harness.input.awaitRecording(id, 1, 5000);
        second.closed.get(10, TimeUnit.SECONDS);
        assertThat(second.session.sessionId()).isEqualTo(sessionId);
        assertThat(second.session.resumed()).isTrue();
        assertThat(MediaChecks.sha256(second.bytes())).isEqualTo(MediaChecks.sha256(Media.remux(ts2)));
        harness.awaitStatus(id, "reconnecting", Duration.ofSeconds(5));
        assertThat(harness.stats(id, token).getString("sessionId")).isEqualTo(sessionId);
    }

    @Test
    @Order(2)
    void unknownKeyIsRejectedFast() throws Exception {
        String unknown = "UnknownStreamKey_0123456789abcdefghijklmnop";
        secrets.add(unknown);
        long start = System.nanoTime();
        Process ffmpeg = SrtPublisher.publish(
                ts2, "srt://127.0.0.1:" + harness.srtPort() + "?streamid=publish:" + unknown, log("unknown"));
        assertThat(SrtPublisher.await(ffmpeg, 10)).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        // A stream id that is no publish request at all is refused as fast.
        Process odd =
                SrtPublisher.publish(ts2, "srt://127.0.0.1:" + harness.srtPort() + "?streamid=read:x", log("odd"));
        assertThat(SrtPublisher.await(odd, 10)).isNotZero();
    }

    @Test
    @Order(3)
    void aSecondPublisherOnALiveStreamIsRejected() throws Exception {
        JsonObject stream = newStream("Contested", null);
        String id = stream.getString("id");
        String url = harness.local(stream.getString("srtUrl")) + "&linger=5";
        Process first = SrtPublisher.publish(ts4, url, log("owner"));
        try {
            harness.awaitStatus(id, "live", Duration.ofSeconds(5));
            long start = System.nanoTime();
            Process second = SrtPublisher.publish(ts2, url, log("intruder"));
            assertThat(SrtPublisher.await(second, 10)).isNotZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(harness.status(id)).isEqualTo("live");
            JsonObject refusal = harness.stats(id, token).getJsonObject("lastRefusal");
            assertThat(refusal)
                    .as("the owner's dashboard shows someone else tried the key")
                    .isNotNull();
            assertThat(refusal.getString("reason")).isEqualTo("already_live");
            assertThat(SrtPublisher.await(first, 30)).isZero();
        } finally {
            first.destroyForcibly();
        }
        RecordingLiveInput.Recording recording = harness.input.awaitRecording(id, 0, 5000);
        recording.closed.get(10, TimeUnit.SECONDS);
        assertThat(MediaChecks.sha256(recording.bytes())).isEqualTo(MediaChecks.sha256(Media.remux(ts4)));
        assertThat(harness.input.recordings.stream()
                        .filter(r -> r.session.streamId().equals(id)))
                .hasSize(1);
    }

    @Test
    @Order(4)
    void passphraseIsEnforced() throws Exception {
        // No character that the srtUrl percent-encodes: Debian's ffmpeg 5.1 passes query values on undecoded.
        String passphrase = "correct-horse-battery";
        JsonObject stream = newStream("Encrypted", passphrase);
        String id = stream.getString("id");
        String url = harness.local(stream.getString("srtUrl"));
        assertThat(url).contains("passphrase=");

        long start = System.nanoTime();
        String wrong = url.replace("passphrase=correct", "passphrase=wrongish");
        Process bad = SrtPublisher.publish(ts2, wrong + "&linger=5", log("wrong"));
        assertThat(SrtPublisher.await(bad, 10)).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        Process plain =
                SrtPublisher.publish(ts2, url.substring(0, url.indexOf("&passphrase=")) + "&linger=5", log("plain"));
        assertThat(SrtPublisher.await(plain, 10)).isNotZero();
        assertThat(harness.status(id)).isEqualTo("offline");

        // The access-control form of the stream id (ffmpeg 5.1 passes it on as written), with the right passphrase.
        String key = stream.getString("streamKey");
        String acl = url.replace("streamid=publish:" + key, "streamid=#!::r=" + key + ",m=publish");
        Process good = SrtPublisher.publish(ts2, acl + "&linger=5", log("good"));
        assertThat(SrtPublisher.await(good, 30))
                .as(Files.readString(log("good")))
                .isZero();
        RecordingLiveInput.Recording recording = harness.input.awaitRecording(id, 0, 5000);
        recording.closed.get(10, TimeUnit.SECONDS);
        assertThat(recording.session.encrypted()).isTrue();
        assertThat(MediaChecks.sha256(recording.bytes())).isEqualTo(MediaChecks.sha256(Media.remux(ts2)));
    }

    @Test
    @Order(99)
    void noStreamKeyOrPassphraseWasLogged() {
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
        assertThat(captured.list)
                .as("the ingest logged, so the check means something")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("publishing from"));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }
}
