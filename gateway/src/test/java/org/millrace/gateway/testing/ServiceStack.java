package org.millrace.gateway.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.health.DatabaseHealthCheck;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.Storage;
import org.millrace.core.testing.TestConfigs;
import org.millrace.gateway.GatewayVerticle;
import org.millrace.gateway.PublicApi;

/**
 * What every service module's tests stand on: a real embedded PostgreSQL with the module's migrations, the
 * configuration a one-process server would load for a data directory, a Vert.x with metrics, and on demand the real
 * gateway with the public API table in front of whatever the test deployed. Each module's harness adds only what its
 * subject needs.
 */
public final class ServiceStack implements AutoCloseable {
    public final MillraceConfig config;
    public final EmbeddedDatabase db;
    public final MetricsRegistry metrics;
    public final Vertx vertx;
    /** For seeding rows and checks the API does not offer. */
    public final Pool sql;

    private final AccessTokens tokens;
    private final boolean ownsDatabase;
    private WebClient client;
    private int port;

    private ServiceStack(Builder builder) throws Exception {
        config = TestConfigs.local(builder.dir, builder.env);
        ownsDatabase = builder.database == null;
        db = ownsDatabase ? startDatabase(builder.dir, builder.migrations.toArray(String[]::new)) : builder.database;
        metrics = new MetricsRegistry();
        vertx = builder.vertx != null
                ? builder.vertx.start(metrics.registry())
                : VertxFactory.create(metrics.registry());
        sql = Database.pool(vertx, db.settings(2));
        tokens = new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(30));
    }

    /**
     * A database with the given migrations that outlives the stacks started on it ({@link Builder#database}), as
     * PostgreSQL outlives a server restart; the caller closes it.
     */
    public static EmbeddedDatabase startDatabase(Path dir, String... migrations) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
        for (String module : migrations) {
            Migrations.apply(db.settings(2), module);
        }
        return db;
    }

    /** A stack whose data (database, secrets, storage) lives under {@code dir}. */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** Starts a Vert.x that reports to the given registry (a clustered one joins its cluster). */
    public interface VertxStarter {
        Vertx start(MeterRegistry registry) throws Exception;
    }

    /** How a stack is put together; everything but the directory is optional. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, String> env = new HashMap<>();
        private List<String> migrations = List.of();
        private EmbeddedDatabase database;
        private VertxStarter vertx;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** The migration sets to apply, in order (a module's name, as {@link Migrations#apply} takes it). */
        public Builder migrations(String... modules) {
            migrations = List.of(modules);
            return this;
        }

        /** More {@code MILLRACE_*} variables on top of the data directory and a free port on 127.0.0.1. */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Another stack's database (not stopped by this stack's close), as a second process of a cluster uses. */
        public Builder database(EmbeddedDatabase shared) {
            database = shared;
            return this;
        }

        /**
         * A Vert.x made elsewhere from this stack's meter registry, e.g. a member of a clustered event bus; this stack
         * closes it.
         */
        public Builder vertx(VertxStarter factory) {
            vertx = factory;
            return this;
        }

        public ServiceStack start() throws Exception {
            return new ServiceStack(this);
        }
    }

    /** Deploys a verticle on this stack's Vert.x and answers its deployment id. */
    public String deploy(Deployable verticle) throws Exception {
        return vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    }

    public void undeploy(String deployment) throws Exception {
        vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    }

    /** The real gateway with the public API table, serving {@code storage}, with a database health check. */
    public int startGateway(Storage storage) throws Exception {
        return startGateway(storage, List.of(new DatabaseHealthCheck(sql, Duration.ofSeconds(2))));
    }

    /** The gateway on a local store under the data directory. */
    public int startGateway() throws Exception {
        return startGateway(new LocalStorage(config.dataDir().resolve("storage")));
    }

    /** The gateway with the given health checks; the first one started is the one {@link #client()} calls. */
    public int startGateway(Storage storage, List<HealthCheck> healthChecks) throws Exception {
        GatewayVerticle gateway =
                new GatewayVerticle(config, PublicApi.routes(), healthChecks, metrics, "webroot", storage);
        deploy(gateway);
        if (client == null) {
            port = gateway.actualPort();
            client = WebClient.create(
                    vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        }
        return gateway.actualPort();
    }

    /** A client of the first gateway started. */
    public WebClient client() {
        if (client == null) {
            throw new IllegalStateException("no gateway started");
        }
        return client;
    }

    public int port() {
        client();
        return port;
    }

    /** An access token this stack's gateway accepts. */
    public String token(Principal principal) {
        return tokens.issue(principal);
    }

    /** An access token for a user with the given roles ("user" when none are given). */
    public String token(String userId, String username, String... roles) {
        return token(
                new Principal(userId, username, roles.length == 0 ? List.of(Principal.ROLE_USER) : List.of(roles)));
    }

    /** An internal bus operation as another service calls it; a failed reply becomes a ServiceException. */
    public JsonObject bus(String address, JsonObject body) throws Exception {
        return request(new ServiceRequest("test", Map.of(), Map.of(), body, null, null), address)
                .map(reply -> (JsonObject) reply.body())
                .await(10, TimeUnit.SECONDS);
    }

    /** The failure of an internal bus operation that is expected to fail. */
    public ServiceException busFailure(String address, JsonObject body) throws Exception {
        ServiceResponse response;
        try {
            response = request(new ServiceRequest("test", Map.of(), Map.of(), body, null, null), address)
                    .await(10, TimeUnit.SECONDS);
        } catch (ServiceException expected) {
            return expected;
        }
        throw new AssertionError(address + " succeeded: " + response.body());
    }

    /** Sends a request as the gateway does; a failed reply fails the future with a ServiceException. */
    public Future<ServiceResponse> request(ServiceRequest request, String address) {
        return vertx.eventBus()
                .<ServiceResponse>request(address, request)
                .map(reply -> reply.body())
                .recover(failure -> Future.failedFuture(ServiceException.fromReply(failure)));
    }

    /** Runs SQL outside the services. */
    public void execute(String statement, Object... params) throws Exception {
        sql.preparedQuery(statement).execute(Tuple.from(params)).await(30, TimeUnit.SECONDS);
    }

    /** The first column of the first row of a query, e.g. a count. */
    public long count(String statement, Object... params) throws Exception {
        return sql.preparedQuery(statement)
                .execute(Tuple.from(params))
                .await(30, TimeUnit.SECONDS)
                .iterator()
                .next()
                .getLong(0);
    }

    /** The first column of the first row as text, or null when there is no row. */
    public String text(String statement, Object... params) throws Exception {
        var rows = sql.preparedQuery(statement).execute(Tuple.from(params)).await(30, TimeUnit.SECONDS);
        Object value = rows.size() == 0 ? null : rows.iterator().next().getValue(0);
        return value == null ? null : value.toString();
    }

    /**
     * How long closing a Vert.x may take. A clustered one closes in a second, unless a member vanished just before:
     * vertx-hazelcast's member-removed handler then scans the bus subscriptions while holding the cluster manager's
     * monitor, and leaving the cluster waits for that scan, whose invocations Hazelcast retries for up to ~2 minutes
     * (vert-x3/vertx-hazelcast#215; seen in IngestFailoverTest's teardown).
     */
    public static final long CLOSE_LIMIT_SECONDS = 150;

    /** Stops Vert.x (and with it every deployment and the pool), then the database if this stack started it. */
    @Override
    public void close() throws Exception {
        try {
            vertx.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (ownsDatabase) {
                db.close();
            }
            metrics.close();
        }
    }
}
