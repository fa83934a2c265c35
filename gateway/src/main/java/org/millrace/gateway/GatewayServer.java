package org.millrace.gateway;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.bus.Addresses;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.InternalApiKey;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.storage.Storage;
import org.millrace.gateway.upload.TusRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server on one event loop (the gateway runs one per loop on a shared port, Vert.x spreading the
 * connections): the routes and handlers, built per loop over the process-wide {@link SharedGatewayState}.
 */
final class GatewayServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);
    /** The internal import, forwarded like a public route once {@link InternalRoutes} has checked the caller. */
    private static final ApiRoute IMPORT_ROUTE =
            new ApiRoute(HttpMethod.POST, InternalRoutes.IMPORT, Addresses.VIDEOS_IMPORT, Access.PUBLIC);
    /** Paths that belong to the API or media, never to the web app's client-side routes. */
    private static final List<String> NON_PAGE_PREFIXES = List.of("/api/", "/internal/", "/live/", "/vod/");

    private final GatewayVerticle.Settings settings;
    private final MillraceConfig config;
    private final SharedGatewayState shared;
    private final int port;
    private final int loop;
    private final AtomicInteger open = new AtomicInteger();
    private HttpServer server;

    /**
     * @param port the port to listen on: the configured one, or a negative one Vert.x shares among the servers
     * @param loop which of the gateway's servers this is (0, 1, ...), the tag of its connection gauge
     */
    GatewayServer(GatewayVerticle.Settings settings, SharedGatewayState shared, int port, int loop) {
        this.settings = settings;
        this.config = settings.config();
        this.shared = shared;
        this.port = port;
        this.loop = loop;
    }

    @Override
    public Future<?> start() {
        // Shows how evenly Vert.x spreads the connections over the loops.
        Gauge.builder("millrace.gateway.connections", open, AtomicInteger::get)
                .tag("loop", Integer.toString(loop))
                .description("open HTTP connections served by one of the gateway's event loops")
                .register(settings.metrics().registry());
        return listen();
    }

    private Future<HttpServer> listen() {
        ConnectionDeadlines deadlines = new ConnectionDeadlines(vertx, config.httpRequestTimeout());
        ConnectionsPerAddress perAddress = shared.connectionsPerAddress();
        Router router = router(deadlines);
        // What Vert.x refuses before any route runs: a request line past 4 KiB (414), headers past 16 KiB (431).
        // The idle timeout ends connections whose response stalls (a viewer that stopped reading); slow requests
        // are the deadlines' business.
        // No compressor in the pipeline (Vert.x's default): media, nearly all of what the gateway sends, would pass
        // through it for nothing, and it keeps local files from sendfile. Playlists, API JSON, the metrics and the
        // web app's text files gzip themselves (AcceptEncoding, GzipAnswers, WebAssetGzip).
        server = vertx.createHttpServer(new HttpServerOptions()
                // HTTP/1.1 only (nginx and browsers speak nothing else to it without TLS): with h2c on, a
                // connection that never sends a byte is not yet an HTTP connection, and no deadline could end it.
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024)
                .setIdleTimeout(120));
        return server.connectionHandler(connection -> {
                    if (perAddress.admit(connection)) {
                        open.incrementAndGet();
                        deadlines.opened(connection);
                        connection.closeHandler(closed -> {
                            open.decrementAndGet();
                            deadlines.closed(connection);
                            perAddress.closed(connection);
                        });
                    }
                })
                .requestHandler(router)
                .listen(port, config.httpHost());
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Router router(ConnectionDeadlines deadlines) {
        Router router = Router.router(vertx);
        router.route().handler(deadlines.requests());
        router.route().handler(new RequestIds());
        router.route().handler(new HttpServerMetrics(settings.metrics().registry()));
        router.route().handler(ctx -> {
            ctx.response()
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "strict-origin-when-cross-origin");
            ctx.next();
        });
        router.route().handler(new InputGuard());
        router.route().handler(ClientAddress.resolver(config.trustedProxies()));
        cors().ifPresent(cors -> router.route().handler(cors));

        router.get("/health").handler(tagged("/health", new HealthHandler(settings.healthChecks(), settings.node())));
        router.get(MetricsEndpoint.PATH).handler(new MetricsEndpoint(settings.metrics(), config.metricsAllow()));
        Storage storage = settings.storage();
        StorageOutages outages = shared.outages();
        StorageFileHandler files =
                new StorageFileHandler(vertx, storage, outages, shared.wholeFileReads(), shared.recentLiveFiles());
        new LiveRoutes(
                        vertx,
                        storage,
                        shared.liveSessions(),
                        outages,
                        files,
                        shared.liveEdges(),
                        shared.lastGoodPlaylists())
                .register(router);
        new VodRoutes(vertx, storage, shared.videoPlaybacks(), new PlaybackTokens(config.jwtSecret()), files)
                .register(router);

        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        ServiceRequests requests = new ServiceRequests(vertx, settings.node().membership());
        BearerAuthentication authentication =
                new BearerAuthentication(new AccessTokens(vertx, config.jwtSecret(), Duration.ofMinutes(15)));
        RefreshCookies cookies =
                new RefreshCookies("https".equalsIgnoreCase(config.publicUrl().getScheme()));
        new InternalRoutes(new InternalApiKey(config.internalApiKey()), config.internalAllowRemote())
                .register(
                        router,
                        body,
                        new BusRouteHandler(IMPORT_ROUTE, requests, authentication, cookies, SERVICE_TIMEOUT));
        uploads(router, deadlines, authentication);
        JsonContentType jsonOnly = new JsonContentType();
        for (ApiRoute route : settings.routes()) {
            // Its own route: Vert.x wants the body handler first on a route, and the type is checked before reading.
            router.route(route.method(), route.path()).handler(jsonOnly);
            router.route(route.method(), route.path())
                    .handler(body) // Vert.x wants the body handler first on a route
                    .handler(ctx -> {
                        HttpServerMetrics.tagRoute(ctx, route.path());
                        ctx.next();
                    })
                    .handler(new BusRouteHandler(route, requests, authentication, cookies, SERVICE_TIMEOUT));
        }

        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(new WebAppHeaders());
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(shared.webAssetGzip());
        router.route()
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(StaticHandler.create(settings.webRoot())
                        .setIndexPage("index.html")
                        .setCachingEnabled(true));
        // Client-side routes of the web app (/watch/..., /dashboard) get the app's index page.
        router.route().method(HttpMethod.GET).handler(ctx -> {
            String accept = ctx.request().getHeader("Accept");
            if (isPagePath(ctx.normalizedPath()) && accept != null && accept.contains("text/html")) {
                ctx.reroute("/");
            } else {
                ctx.next();
            }
        });
        router.route().last().handler(ctx -> {
            Set<String> allowed = allowedMethods(ctx.normalizedPath());
            if (!allowed.isEmpty()) {
                ctx.response().putHeader("Allow", String.join(", ", allowed));
                ApiErrors.send(
                        ctx,
                        405,
                        "method_not_allowed",
                        ctx.request().method().name() + " is not allowed on " + ctx.normalizedPath());
            } else {
                ApiErrors.send(
                        ctx,
                        404,
                        "not_found",
                        "no such resource: " + ctx.request().method().name() + " " + ctx.normalizedPath());
            }
        });
        router.route().failureHandler(this::failure);
        router.errorHandler(
                405,
                ctx -> ApiErrors.send(
                        ctx,
                        405,
                        "method_not_allowed",
                        ctx.request().method().name() + " is not allowed on " + ctx.normalizedPath()));
        router.errorHandler(404, ctx -> ApiErrors.send(ctx, 404, "not_found", "no such resource"));
        // Vert.x answers a malformed request (e.g. a broken percent-escape in the query) before any route runs.
        router.errorHandler(
                400,
                ctx -> ApiErrors.send(
                        ctx,
                        400,
                        "bad_request",
                        "the request is malformed (check the query string's percent-escapes)"));
        router.errorHandler(500, this::failure);
        return router;
    }

    /**
     * tus uploads on {@code /api/uploads}, when the storage can take them (the local store or S3; a test's
     * wrapped storage cannot, and then only the JSON routes of the uploads API exist).
     */
    private void uploads(Router router, ConnectionDeadlines deadlines, BearerAuthentication authentication) {
        if (shared.uploads() == null) {
            return;
        }
        new TusRoutes(
                        vertx,
                        authentication,
                        shared.uploads(),
                        settings.storage(),
                        config.uploads().maxBytes(),
                        SERVICE_TIMEOUT,
                        deadlines::liftBodyDeadline)
                .register(router);
    }

    /** The methods the API table serves on {@code path}: a 405 instead of a 404 when it is a known path. */
    private Set<String> allowedMethods(String path) {
        Set<String> methods = new java.util.TreeSet<>();
        for (ApiRoute route : settings.routes()) {
            String pattern =
                    java.util.regex.Pattern.quote(route.path()).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q");
            if (path.matches(pattern)) {
                methods.add(route.method().name());
            }
        }
        return methods;
    }

    private static boolean isPagePath(String path) {
        return !"/".equals(path) && NON_PAGE_PREFIXES.stream().noneMatch(path::startsWith) && !path.contains(".");
    }

    private java.util.Optional<CorsHandler> cors() {
        if (config.corsOrigins().isEmpty()) {
            return java.util.Optional.empty(); // same-origin only: no CORS headers at all
        }
        CorsHandler cors = CorsHandler.create()
                .allowedMethods(Set.of(
                        HttpMethod.GET,
                        HttpMethod.HEAD,
                        HttpMethod.POST,
                        HttpMethod.PATCH,
                        HttpMethod.PUT,
                        HttpMethod.DELETE,
                        HttpMethod.OPTIONS))
                .allowedHeaders(Set.of(
                        "Authorization",
                        "Content-Type",
                        "Range",
                        RequestIds.HEADER,
                        "Tus-Resumable",
                        "Upload-Length",
                        "Upload-Metadata",
                        "Upload-Offset",
                        "Upload-Defer-Length"))
                .exposedHeaders(Set.of(
                        RequestIds.HEADER,
                        "Content-Range",
                        "Content-Length",
                        "Retry-After",
                        "Location",
                        "Tus-Resumable",
                        "Tus-Version",
                        "Tus-Max-Size",
                        "Tus-Extension",
                        "Upload-Offset",
                        "Upload-Length",
                        "Upload-Expires"))
                .maxAgeSeconds(600);
        if (config.corsOrigins().contains("*")) {
            cors.addOrigin("*"); // dev mode only (the config refuses * otherwise); no credentials with *
        } else {
            cors.addOrigins(config.corsOrigins()).allowCredentials(true);
        }
        return java.util.Optional.of(cors);
    }

    private static io.vertx.core.Handler<RoutingContext> tagged(
            String template, io.vertx.core.Handler<RoutingContext> h) {
        return ctx -> {
            HttpServerMetrics.tagRoute(ctx, template);
            h.handle(ctx);
        };
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String message =
                switch (status) {
                    case 413 -> "the request body is larger than " + config.maxBodyBytes() + " bytes";
                    case 400 -> "bad request";
                    case 403 -> "forbidden";
                    case 404 -> "no such resource";
                    default -> status >= 500 ? "something went wrong on our side" : "request refused";
                };
        if (status >= 500) {
            LOG.error("request {} {} failed", RequestIds.of(ctx), ctx.normalizedPath(), ctx.failure());
        }
        ApiErrors.send(ctx, status, ApiErrors.codeFor(status), message);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
