package org.millrace.streams;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.bus.PublisherStats;
import org.millrace.core.bus.PublisherStatsQuery;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceHandler;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.cluster.LocalMembership;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.media.RenditionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the streams service: its own database pool, the plain service classes, and one event-bus endpoint per
 * operation. Migrations ({@code Migrations.apply(db, "streams")}) run before deployment. Listens to the cluster's
 * membership: an ingest node leaving interrupts the streams it held.
 */
public final class StreamsVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsVerticle.class);
    private static final long INGEST_STATS_TIMEOUT_MS = 1000;
    /** A refused publisher is explained on the dashboard this long; at most this many streams are remembered. */
    private static final Duration REFUSALS_SHOWN_FOR = Duration.ofMinutes(10);

    private static final int MAX_REFUSALS = 10_000;
    private final MillraceConfig config;
    private final DatabaseSettings database;
    private final StreamsSettings settings;
    private final ClusterMembership membership;
    private volatile boolean stopped;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Pool pool;
    private PublishLifecycle lifecycle;
    private long overdueSweep = -1;
    private StreamsStateSync stateSync;

    /** One process: its own SRT ingest is the only one. */
    public StreamsVerticle(MillraceConfig config, DatabaseSettings database, StreamsSettings settings) {
        this(config, database, settings, new LocalMembership());
    }

    public StreamsVerticle(
            MillraceConfig config, DatabaseSettings database, StreamsSettings settings, ClusterMembership membership) {
        this.config = config;
        this.database = database;
        this.settings = settings;
        this.membership = membership;
    }

    @Override
    public Future<?> start() {
        pool = Database.pool(vertx, database);
        SecureRandom random = new SecureRandom();
        StreamRepository repository = new StreamRepository(pool);
        StreamKeys keys = new StreamKeys(config.jwtSecret(), random);
        PassphraseCipher cipher = new PassphraseCipher(config.jwtSecret(), random);
        ViewerCounter viewers = new ViewerCounter(Clock.systemUTC(), settings.viewers());
        PublishRefusals refusals = new PublishRefusals(Clock.systemUTC(), REFUSALS_SHOWN_FOR, MAX_REFUSALS);
        lifecycle = new PublishLifecycle(vertx, repository, keys, cipher, viewers, refusals, settings, membership);
        StreamsService service = new StreamsService(
                repository,
                keys,
                cipher,
                new StreamViews(IngestUrls.from(config), cipher, viewers),
                viewers,
                lifecycle,
                this::ingestStats,
                refusals);
        PublishOperations publishing = new PublishOperations(lifecycle);

        bind(Addresses.STREAMS_CREATE, service::create);
        bind(Addresses.STREAMS_LIST, service::list);
        bind(Addresses.STREAMS_GET, service::get);
        bind(Addresses.STREAMS_UPDATE, service::update);
        bind(Addresses.STREAMS_DELETE, service::delete);
        bind(Addresses.STREAMS_ROTATE_KEY, service::rotateKey);
        bind(Addresses.STREAMS_STATS, service::stats);
        bind(Addresses.STREAMS_VIEWER_HEARTBEAT, service::viewerHeartbeat);
        bind(Addresses.STREAMS_AUTHORIZE_PUBLISH, publishing::authorize);
        bind(Addresses.STREAMS_PUBLISH_STARTED, publishing::started);
        bind(Addresses.STREAMS_PUBLISH_STOPPED, publishing::stopped);
        bind(Addresses.STREAMS_INGEST_STARTED, publishing::ingestStarted);
        bind(Addresses.STREAMS_SESSION, new SessionLookup(repository)::session);
        // The transcoder announces each session's renditions once its master playlist is written.
        consumers.add(vertx.eventBus().<LiveEvent>consumer(Addresses.EVENTS_LIVE, message -> {
            LiveEvent event = message.body();
            if (event.is(LiveEvents.RENDITIONS)) {
                repository.setRenditions(
                        event.streamId(),
                        event.sessionId(),
                        new JsonArray(event.renditions().stream()
                                .map(RenditionInfo::toJson)
                                .toList()));
            }
        }));

        // A sweep that fails (the database is down) is simply the next one's work.
        OverdueGraces overdue = new OverdueGraces(pool, settings.reconnectGrace());
        overdueSweep = vertx.setPeriodic(OverdueGraces.INTERVAL.toMillis(), id -> overdue.endOverdue()
                .onSuccess(ended -> ended.forEach(p -> lifecycle.sessionEnded(p.streamId(), p.sessionId()))));

        stateSync = new StreamsStateSync(vertx, viewers, refusals);

        Context context = vertx.getOrCreateContext();
        membership.onMemberLeft(node -> context.runOnContext(v -> {
            if (!stopped) {
                lifecycle
                        .nodeLeft(node)
                        .onFailure(e -> LOG.error(
                                "streams of departed ingest node {} are still " + "live: {}", node, e.getMessage()));
            }
        }));

        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .compose(registered -> stateSync.start())
                .compose(registered -> lifecycle.resumePendingGraces())
                .compose(resumed -> lifecycle.sweepDepartedNodes());
    }

    @Override
    public Future<?> stop() {
        stopped = true; // the membership keeps its listeners: they do nothing from now on
        vertx.cancelTimer(overdueSweep);
        if (lifecycle != null) {
            lifecycle.close();
        }
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .eventually(() -> stateSync == null ? Future.succeededFuture() : stateSync.stop())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

    /** Asks the SRT ingest holding the publisher (if one runs) for its live measures. */
    private Future<PublisherStats> ingestStats(String streamId, String ingestNode) {
        String address = ingestNode == null ? Addresses.INGEST_LIVE_STATS : Addresses.ingestLiveStats(ingestNode);
        return vertx.eventBus()
                .<ServiceResponse>request(
                        address,
                        new ServiceRequest(
                                "stats-" + streamId,
                                Map.of(),
                                Map.of(),
                                new PublisherStatsQuery(streamId).toJson(),
                                null,
                                null),
                        new DeliveryOptions().setSendTimeout(INGEST_STATS_TIMEOUT_MS))
                .map(reply -> reply.body().body() instanceof JsonObject json
                        ? PublisherStats.fromJson(json)
                        : PublisherStats.disconnected(streamId))
                .otherwise(PublisherStats.disconnected(streamId));
    }

    private void bind(String address, ServiceHandler handler) {
        EventBus bus = vertx.eventBus();
        consumers.add(ServiceEndpoint.bind(bus, address, handler));
    }
}
