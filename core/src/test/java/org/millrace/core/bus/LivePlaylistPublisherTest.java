package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.hls.HlsPart;
import org.millrace.hls.OpenSegment;
import org.millrace.hls.PlaylistTail;

class LivePlaylistPublisherTest {
    @Test
    void everyListenerOfTheStreamHearsEachChangeAndOtherStreamsDoNot() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx.eventBus());
            CompletableFuture<LivePlaylistUpdate> first = new CompletableFuture<>();
            CompletableFuture<LivePlaylistUpdate> second = new CompletableFuture<>();
            CompletableFuture<LivePlaylistUpdate> other = new CompletableFuture<>();
            vertx.eventBus()
                    .<LivePlaylistUpdate>consumer(Addresses.livePlaylist("st-1"), m -> first.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            vertx.eventBus()
                    .<LivePlaylistUpdate>consumer(Addresses.livePlaylist("st-1"), m -> second.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            vertx.eventBus()
                    .<LivePlaylistUpdate>consumer(Addresses.livePlaylist("st-2"), m -> other.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            PlaylistTail tail = new PlaylistTail(
                    3,
                    List.of(),
                    new OpenSegment(
                            0,
                            Instant.EPOCH,
                            "init-0.mp4",
                            false,
                            List.of(new HlsPart(0, 0.333, "0.0.m4s", true, false))),
                    false);
            new LivePlaylistPublisher(vertx.eventBus())
                    .playlistChanged(
                            new LiveSessionInfo("st-1", "se-1", false, Instant.EPOCH, "127.0.0.1:1", 120, false),
                            "720p",
                            tail);
            LivePlaylistUpdate expected = new LivePlaylistUpdate("st-1", "se-1", "720p", tail);
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(expected);
            Thread.sleep(200);
            assertThat(other).isNotDone();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
