package org.millrace.recorder;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.db.Database;
import org.millrace.recorder.media.RecordingBuilder;
import org.millrace.recorder.vodimport.VodImportClient;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;

/**
 * Deploys the recorder: its own database pool, a worker pool for the builds, the live-event consumer, the
 * recordings API endpoints, and the start-up recovery. Migrations ({@code Migrations.apply(db, "recorder")}) run
 * before deployment.
 */
public final class RecorderVerticle extends VerticleBase {
    /** A long recording may take minutes to build: only a build stuck this long is reported as blocked. */
    private static final long MAX_BUILD_MINUTES = 120;

    private final DatabaseSettings database;
    private final RecordingBuilder builder;
    private final VodImportClient importer;
    private final RecorderSettings settings;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Pool pool;
    private WorkerExecutor workers;
    private RecorderService service;

    public RecorderVerticle(DatabaseSettings database, RecordingBuilder builder, VodImportClient importer,
                            RecorderSettings settings) {
        this.database = database;
        this.builder = builder;
        this.importer = importer;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        workers = vertx.createSharedWorkerExecutor("millrace-recorder", settings.concurrency(), MAX_BUILD_MINUTES,
                TimeUnit.MINUTES);
        RecordingRepository repository = new RecordingRepository(pool);
        service = new RecorderService(vertx, repository,
                new LiveSessionLookup(vertx.eventBus(), settings.lookupTimeout()), builder, importer, workers,
                settings, new RecordingIds(new SecureRandom()));
        RecordingsApi api = new RecordingsApi(repository, service::wake);
        consumers.add(vertx.eventBus().<LiveEvent>consumer(Addresses.EVENTS_LIVE,
                message -> service.onLiveEvent(message.body())));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_LIST, api::list));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_GET, api::get));
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), Addresses.RECORDINGS_RETRY, api::retry));
        // Listening first: an end announced during the recovery is then handled, not lost.
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .compose(registered -> service.start());
    }

    @Override
    public Future<?> stop() {
        if (service != null) {
            service.close();
        }
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .eventually(() -> workers == null ? Future.succeededFuture() : workers.close())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }
}
