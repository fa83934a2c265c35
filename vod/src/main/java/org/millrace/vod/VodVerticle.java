package org.millrace.vod;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceHandler;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.security.PublicIds;
import org.millrace.core.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the video library: its own database pool, the plain service classes and one event-bus endpoint per
 * operation. Migrations ({@code Migrations.apply(db, "vod")}) run before deployment.
 */
public final class VodVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(VodVerticle.class);
    private static final long PRUNE_VIEWS_EVERY_MS = 10 * 60 * 1000;

    private final MillraceConfig config;
    private final DatabaseSettings database;
    private final Storage storage;
    private final Clock clock;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Pool pool;
    private long pruneTimer = -1;

    public VodVerticle(MillraceConfig config, DatabaseSettings database, Storage storage) {
        this(config, database, storage, Clock.systemUTC());
    }

    /** With the clock that dates views (tests move it forward). */
    public VodVerticle(MillraceConfig config, DatabaseSettings database, Storage storage, Clock clock) {
        this.config = config;
        this.database = database;
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        // Real time, whatever the clock: the gateway checks the tokens against real time.
        PlaybackTokens tokens = new PlaybackTokens(config.jwtSecret());
        VodService service = new VodService(
                new VideoRepository(pool),
                new PublicIds(new SecureRandom()),
                new VideoJson(tokens),
                storage,
                vertx,
                clock);

        bind(Addresses.VIDEOS_LIST, service::list);
        bind(Addresses.VIDEOS_GET, service::get);
        bind(Addresses.VIDEOS_UPDATE, service::update);
        bind(Addresses.VIDEOS_DELETE, service::delete);
        bind(Addresses.VIDEOS_LIKE, service::like);
        bind(Addresses.VIDEOS_UNLIKE, service::unlike);
        bind(Addresses.VIDEOS_VIEW, service::view);
        bind(Addresses.VIDEOS_IMPORT, service::importVideo);
        bind(Addresses.VIDEOS_PLAYBACK, service::playback);
        pruneTimer = vertx.setPeriodic(PRUNE_VIEWS_EVERY_MS, tick -> service.pruneViews()
                .onFailure(failure -> LOG.warn("pruning old views failed: {}", failure.toString())));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pruneTimer);
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

    private void bind(String address, ServiceHandler handler) {
        consumers.add(ServiceEndpoint.bind(vertx.eventBus(), address, handler));
    }
}
