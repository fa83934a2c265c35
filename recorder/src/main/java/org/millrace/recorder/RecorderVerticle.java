package org.millrace.recorder;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.db.Database;
import org.millrace.core.security.PublicIds;
import org.millrace.core.vodimport.VodImportClient;
import org.millrace.recorder.media.RecordingBuilder;

/**
 * Deploys the recorder: its own database pool, a worker pool for the builds, the live-event consumer, the
 * recordings API endpoints, and the start-up recovery. Migrations ({@code Migrations.apply(db, "recorder")}) run
 * before deployment. Each deployment is one claimant of recordings on its cluster node; builds of nodes that leave
 * the cluster are taken over at once.
 */
public final class RecorderVerticle extends VerticleBase {
    /** A long recording may take minutes to build: only a build stuck this long is reported as blocked. */
    private static final long MAX_BUILD_MINUTES = 120;

    private final DatabaseSettings database;
    private final RecordingBuilder builder;
    private final VodImportClient importer;
    private final RecorderSettings settings;
    private final ClusterMembership membership;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Pool pool;
    private WorkerExecutor workers;
    private RecorderService service;
    private volatile boolean stopped;

    public RecorderVerticle(
            DatabaseSettings database, RecordingBuilder builder, VodImportClient importer, RecorderSettings settings) {
        this(database, builder, importer, settings, new LocalMembership());
    }

    public RecorderVerticle(
            DatabaseSettings database,
            RecordingBuilder builder,
            VodImportClient importer,
            RecorderSettings settings,
            ClusterMembership membership) {
        this.database = database;
        this.builder = builder;
        this.importer = importer;
        this.settings = settings;
        this.membership = membership;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        workers = vertx.createSharedWorkerExecutor(
                "millrace-recorder", settings.concurrency(), MAX_BUILD_MINUTES, TimeUnit.MINUTES);
        RecordingRepository repository = new RecordingRepository(pool);
        Claimant claimant = Claimant.on(membership.localNodeId());
        service = new RecorderService(
                vertx,
                repository,
                new LiveSessionLookup(vertx.eventBus(), settings.lookupTimeout()),
                builder,
                importer,
                workers,
                settings,
                new PublicIds(new SecureRandom()),
                claimant);
        DepartedRecorders departed = new DepartedRecorders(repository, claimant.node(), service::wake);
        Context context = vertx.getOrCreateContext();
        // The cluster manager calls from its own threads: the service lives on this verticle's context.
        membership.onMemberLeft(node -> context.runOnContext(go -> {
            if (service != null && !stopped) {
                departed.left(node);
            }
        }));
        RecordingsApi api = new RecordingsApi(repository, service::wake);
        consumers.add(vertx.eventBus()
                .<LiveEvent>consumer(Addresses.EVENTS_LIVE, message -> service.onLiveEvent(message.body())));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_LIST, api::list));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_GET, api::get));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_RETRY, api::retry));
        // Listening first: an end announced during the recovery is then handled, not lost.
        // Only a clustered membership knows every node: a local one cannot tell a dead recorder from another process.
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .compose(registered -> membership.clustered()
                        ? departed.releaseAllBut(membership.members())
                        : Future.<Void>succeededFuture())
                .compose(released -> service.start());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (service != null) {
            service.close();
        }
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .eventually(() -> workers == null ? Future.succeededFuture() : workers.close())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }
}
