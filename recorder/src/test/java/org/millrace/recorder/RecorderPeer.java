package org.millrace.recorder;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.vodimport.HttpVodImportClient;
import org.millrace.streams.StreamsSettings;
import org.millrace.streams.StreamsVerticle;

/**
 * A second recorder in its own Vert.x instance beside the harness's, as a second recorder process would run: the same
 * database, storage and import endpoint, its own streams service instance for session lookups (stateless over the
 * database), and the harness's live events delivered to it too, as the clustered bus delivers a publish to every
 * node.
 */
final class RecorderPeer implements AutoCloseable {
    final Vertx vertx;
    final TestRecordingBuilder builder;
    final LocalMembership membership = new LocalMembership();
    private final RecorderHarness harness;
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final MessageConsumer<LiveEvent> relay;
    private final HttpVodImportClient importer;
    private String deployment;

    RecorderPeer(RecorderHarness harness) throws Exception {
        this.harness = harness;
        this.vertx = VertxFactory.create(metrics.registry());
        this.builder = new TestRecordingBuilder(harness.storage);
        vertx.deployVerticle(new StreamsVerticle(
                        harness.config,
                        harness.database(4),
                        StreamsSettings.defaults().withReconnectGrace(RecorderHarness.GRACE)))
                .await(30, TimeUnit.SECONDS);
        relay = harness.vertx.eventBus().<LiveEvent>consumer(Addresses.EVENTS_LIVE, event -> vertx.eventBus()
                .publish(Addresses.EVENTS_LIVE, event.body()));
        relay.completion().await(10, TimeUnit.SECONDS);
        importer = new HttpVodImportClient(
                vertx,
                URI.create("http://127.0.0.1:" + harness.imports.port()),
                harness.config.internalApiKey(),
                Duration.ofSeconds(5));
    }

    void deployRecorder(RecorderSettings settings) throws Exception {
        deployment = vertx.deployVerticle(
                        new RecorderVerticle(harness.database(4), builder, importer, settings, membership))
                .await(30, TimeUnit.SECONDS);
    }

    void undeployRecorder() throws Exception {
        if (deployment != null) {
            vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
            deployment = null;
        }
    }

    @Override
    public void close() throws Exception {
        relay.unregister().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        metrics.close();
    }
}
