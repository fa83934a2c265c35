package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;

/**
 * Reconnect graces with two streams service instances on one real PostgreSQL: a grace ends on time even when the
 * instance that armed its timer is gone, and a session ends exactly once (one {@code stream.ended}) whichever
 * instances race to end it.
 */
class SharedGraceTest {
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** How often every instance sweeps overdue graces ({@code OverdueGraces.INTERVAL}). */
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private StreamsHarness first;
    private StreamsHarness second;
    /** {@code stream.ended} events heard on either instance's bus. */
    private final List<LiveEvent> ended = new CopyOnWriteArrayList<>();

    private void start(Path dir) throws Exception {
        first = StreamsHarness.start(dir, GRACE);
        second = first.another();
        for (StreamsHarness instance : List.of(first, second)) {
            instance.vertx
                    .eventBus()
                    .<LiveEvent>consumer(Addresses.EVENTS_LIVE, message -> {
                        if (message.body().is(LiveEvents.ENDED)) {
                            ended.add(message.body());
                        }
                    })
                    .completion()
                    .await();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private String status(StreamsHarness instance, String id) throws Exception {
        return instance.call(HttpMethod.GET, "/api/streams/" + id, null, null)
                .bodyAsJsonObject()
                .getString("status");
    }

    /** Polls {@code instance} until the stream is offline; answers when that was seen. */
    private long awaitOffline(StreamsHarness instance, String id, long deadlineNanos) throws Exception {
        while (System.nanoTime() < deadlineNanos) {
            if ("offline".equals(status(instance, id))) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stream " + id + " still " + status(instance, id));
    }

    private String goLiveThenDrop(StreamsHarness on) throws Exception {
        String id = on.create(on.token("u-grace", "grace"), new JsonObject().put("title", "Graceful"))
                .getString("id");
        on.bus(
                Addresses.STREAMS_PUBLISH_STARTED,
                new JsonObject()
                        .put("streamId", id)
                        .put("publisher", "203.0.113.9:5000")
                        .put("ingestNode", "node-a"));
        on.bus(
                Addresses.STREAMS_PUBLISH_STOPPED,
                new JsonObject().put("streamId", id).put("ingestNode", "node-a"));
        return id;
    }

    @Test
    void anotherInstanceEndsTheGraceOnTimeWhenTheArmingInstanceIsGone(@TempDir Path dir) throws Exception {
        start(dir);
        long dropped = System.nanoTime();
        String id = goLiveThenDrop(first);
        assertThat(status(second, id)).isEqualTo("reconnecting");
        assertThat(second.ingestNode(id))
                .as("its place kept on its node for the grace")
                .isEqualTo("node-a");
        first.stopStreams(); // its grace timer dies with it

        long offline = awaitOffline(second, id, dropped + GRACE.plusSeconds(10).toNanos());
        assertThat(second.ingestNode(id))
                .as("the sweep ends the session on its node too")
                .isNull();
        double late = (offline - dropped) / 1e9 - GRACE.toSeconds();
        assertThat(late).as("seconds past the grace").isBetween(-0.2, SWEEP.toSeconds() + 1.5);
        Thread.sleep(SWEEP.toMillis() * 2);
        assertThat(ended).as("one stream.ended").hasSize(1);
        assertThat(ended.get(0).streamId()).isEqualTo(id);
    }

    @Test
    void aSessionEndsExactlyOnceWhileBothInstancesRun(@TempDir Path dir) throws Exception {
        start(dir);
        long dropped = System.nanoTime();
        String id = goLiveThenDrop(first); // the first arms a timer; both sweep
        awaitOffline(first, id, dropped + GRACE.plusSeconds(10).toNanos());
        Thread.sleep(SWEEP.toMillis() * 3);
        assertThat(ended).as("one stream.ended across both instances").hasSize(1);
    }
}
