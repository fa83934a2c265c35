package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishRevokedTest {
    @Test
    void survivesTheWireFormat() {
        JsonMessageCodec<PublishRevoked> codec =
                new JsonMessageCodec<>(PublishRevoked.class, PublishRevoked::toJson, PublishRevoked::fromJson);
        for (String reason :
                new String[] {PublishRevoked.KEY_ROTATED, PublishRevoked.DISABLED, PublishRevoked.DELETED}) {
            PublishRevoked original = new PublishRevoked("Abcdefgh12345678", reason);
            Buffer wire = Buffer.buffer("xyz");
            codec.encodeToWire(wire, original);
            assertThat(codec.decodeFromWire(3, wire)).isEqualTo(original);
        }
    }

    @Test
    void refusesWhatNoIngestCouldActOn() {
        assertThatThrownBy(() -> new PublishRevoked(null, PublishRevoked.DELETED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRevoked.fromJson(
                        new JsonObject().put("streamId", "s").put("reason", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyConsumerOfThePublishHearsIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            BusCodecs.register(vertx.eventBus());
            CompletableFuture<PublishRevoked> first = new CompletableFuture<>();
            CompletableFuture<PublishRevoked> second = new CompletableFuture<>();
            vertx.eventBus()
                    .<PublishRevoked>consumer(Addresses.INGEST_PUBLISH_REVOKED, m -> first.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            vertx.eventBus()
                    .<PublishRevoked>consumer(Addresses.INGEST_PUBLISH_REVOKED, m -> second.complete(m.body()))
                    .completion()
                    .await(5, TimeUnit.SECONDS);
            PublishRevoked sent = new PublishRevoked("Abcdefgh12345678", PublishRevoked.KEY_ROTATED);
            vertx.eventBus().publish(Addresses.INGEST_PUBLISH_REVOKED, sent);
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
