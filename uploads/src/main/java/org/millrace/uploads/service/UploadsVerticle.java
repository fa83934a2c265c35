package org.millrace.uploads.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceHandler;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.UploadSettings;
import org.millrace.core.db.Database;
import org.millrace.core.security.PublicIds;
import org.millrace.core.storage.upload.UploadObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the uploads service: its database pool, {@link UploadsService} behind one event-bus endpoint per
 * operation, and the expiry job (a bounded batch every {@code expiryEvery}). Migrations
 * ({@code Migrations.apply(db, "uploads")}) run before deployment.
 */
public final class UploadsVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(UploadsVerticle.class);
    /** Uploads expired per round of the job: each costs a storage delete, so a backlog drains over rounds. */
    static final int EXPIRY_BATCH = 50;

    private final DatabaseSettings database;
    private final UploadObjects objects;
    private final UploadSettings settings;
    private final Duration expiryEvery;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Pool pool;
    private long expiryTimer = -1;
    private boolean expiring;

    public UploadsVerticle(DatabaseSettings database, UploadObjects objects, UploadSettings settings) {
        this(database, objects, settings, Duration.ofMinutes(1));
    }

    /** With how often the expiry job looks for abandoned uploads (tests: often). */
    public UploadsVerticle(
            DatabaseSettings database, UploadObjects objects, UploadSettings settings, Duration expiryEvery) {
        this.database = database;
        this.objects = objects;
        this.settings = settings;
        this.expiryEvery = expiryEvery;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        UploadsService service = new UploadsService(
                new UploadRepository(pool), new PublicIds(new SecureRandom()), objects, settings, vertx);
        bind(Addresses.UPLOADS_CREATE, service::create);
        bind(Addresses.UPLOADS_FIND, service::find);
        bind(Addresses.UPLOADS_CLAIM, service::claim);
        bind(Addresses.UPLOADS_ADVANCE, service::advance);
        bind(Addresses.UPLOADS_TERMINATE, service::terminate);
        bind(Addresses.UPLOADS_LIST, service::list);
        bind(Addresses.UPLOADS_GET, service::get);
        bind(Addresses.UPLOADS_RETRY, service::retry);
        expiryTimer = vertx.setPeriodic(expiryEvery.toMillis(), tick -> {
            if (expiring) {
                return; // the last round is still deleting
            }
            expiring = true;
            service.expire(EXPIRY_BATCH)
                    .onSuccess(n -> {
                        if (n > 0) {
                            LOG.info("expired {} abandoned upload(s)", n);
                        }
                    })
                    .onFailure(failure -> LOG.warn("the upload expiry round failed: {}", failure.toString()))
                    .onComplete(done -> expiring = false);
        });
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(expiryTimer);
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

    private void bind(String address, ServiceHandler handler) {
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), address, handler));
    }
}
