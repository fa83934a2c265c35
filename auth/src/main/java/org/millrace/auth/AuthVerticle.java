package org.millrace.auth;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.security.AccessTokens;

/** The auth service on the event bus: binds {@link AuthService}'s operations to their {@link Addresses}. */
public final class AuthVerticle extends VerticleBase {
    private final Pool pool;
    private final AccessTokens accessTokens;
    private final AuthSettings settings;
    private WorkerExecutor bcryptWorkers;

    public AuthVerticle(Pool pool, AccessTokens accessTokens, AuthSettings settings) {
        this.pool = pool;
        this.accessTokens = accessTokens;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        // Its own pool, so a burst of logins queues behind itself rather than behind every other blocking task.
        bcryptWorkers = vertx.createSharedWorkerExecutor(
                "millrace-auth-bcrypt", Math.max(2, Runtime.getRuntime().availableProcessors()));
        RefreshTokenRepository refreshTokens =
                new RefreshTokenRepository(pool, new OpaqueTokens(), settings.refreshTokenLifetime());
        AuthService service = new AuthService(
                new UserRepository(pool),
                refreshTokens,
                new PasswordHasher(bcryptWorkers, settings.bcryptCost()),
                accessTokens,
                new LoginRateLimiter(pool, settings.limits(), System::currentTimeMillis));
        EventBus bus = vertx.eventBus();
        return Future.all(List.of(
                ServiceEndpoint.bind(bus, Addresses.AUTH_REGISTER, service::register)
                        .completion(),
                ServiceEndpoint.bind(bus, Addresses.AUTH_LOGIN, service::login).completion(),
                ServiceEndpoint.bind(bus, Addresses.AUTH_REFRESH, service::refresh)
                        .completion(),
                ServiceEndpoint.bind(bus, Addresses.AUTH_LOGOUT, service::logout)
                        .completion(),
                ServiceEndpoint.bind(bus, Addresses.AUTH_ME, service::me).completion(),
                // A child: undeployed with this verticle.
                vertx.deployVerticle(
                        new RefreshTokenPurge(refreshTokens, settings.purge()),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)),
                vertx.deployVerticle(
                        new LoginLimitPurge(pool, 4 * settings.limits().maxTrackedKeys(), System::currentTimeMillis),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))));
    }

    @Override
    public Future<?> stop() {
        return bcryptWorkers == null ? Future.succeededFuture() : bcryptWorkers.close();
    }
}
