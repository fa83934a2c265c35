package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;

/**
 * A real gateway on loopback with an API route ({@code GET|POST /api/things/:id}) answered by an echo service that
 * records what reached it, and one that answers late ({@code GET /api/slow?ms=}), for the tests of what the gateway
 * lets through. Raw requests go over a plain socket.
 */
final class EchoGateway implements AutoCloseable {
    static final String ECHO = "test.echo";
    static final String SLOW = "test.slow";

    final MetricsRegistry metrics = new MetricsRegistry();
    final Vertx vertx = VertxFactory.create(metrics.registry());
    final List<ServiceRequest> received = new CopyOnWriteArrayList<>();
    final WebClient client;
    final int port;

    /** @param env settings on top of a loopback gateway with a data dir under {@code data} */
    EchoGateway(Path data, Map<String, String> env) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR", data.toString(), "MILLRACE_HTTP_PORT", "0", "MILLRACE_HTTP_HOST", "127.0.0.1"));
        settings.putAll(env);
        ServiceEndpoint.bind(vertx.eventBus(), ECHO, request -> {
            received.add(request);
            return Future.succeededFuture(ServiceResponse.ok(request.toJson()));
        });
        // Answers after ?ms= milliseconds: a request that takes the server long is not a slow client.
        ServiceEndpoint.bind(vertx.eventBus(), SLOW, request -> vertx.timer(
                        Long.parseLong(request.queryParam("ms").orElse("0")))
                .map(done -> ServiceResponse.ok(request.toJson())));
        GatewayVerticle gateway = new GatewayVerticle(
                new ConfigLoader(settings).load(),
                List.of(
                        ApiRoute.route("GET", "/api/things/:id", ECHO, Access.PUBLIC),
                        ApiRoute.route("POST", "/api/things/:id", ECHO, Access.PUBLIC),
                        ApiRoute.route("GET", "/api/slow", SLOW, Access.PUBLIC)),
                List.of(),
                metrics,
                "webroot",
                new LocalStorage(data.resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
        // No kept-alive connections: the tests of deadlines close idle ones, and a reused one could be mid-close.
        client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(false));
    }

    /** Writes {@code request} as is (ISO-8859-1, so any byte can be sent) and reads until the server closes. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        metrics.close();
    }
}
