package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.InternalApiKey;
import org.millrace.core.storage.LocalStorage;

/**
 * {@code POST /internal/videos/import} over the real gateway bound to every interface, called once over loopback
 * and once over this machine's own non-loopback address (a different TCP peer address, no second machine needed).
 * The vod service's {@code VIDEOS_IMPORT} is answered by a responder in the test, idempotent as the contract says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalImportTest {
    private static final String KEY = "internal-key-for-tests-0123456789abcdef";
    private static final String PATH = "/internal/videos/import";

    private final List<ServiceRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> imported = new CopyOnWriteArrayList<>();
    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private String remoteAddress;
    private int loopbackOnlyPort;
    private int remoteAllowedPort;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        remoteAddress = nonLoopbackAddress();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.VIDEOS_IMPORT, request -> {
            received.add(request);
            JsonObject body = request.bodyObject();
            String recordingId = body.getString("recordingId");
            if (recordingId == null) {
                throw ServiceException.badRequest("invalid_recording", "recordingId is required");
            }
            JsonObject video = new JsonObject()
                    .put("video", new JsonObject().put("id", "v-" + recordingId).put("title", body.getString("title")));
            boolean again = imported.contains(recordingId);
            imported.add(recordingId);
            return Future.succeededFuture(again ? ServiceResponse.ok(video) : ServiceResponse.created(video));
        });
        loopbackOnlyPort = deploy(data, false);
        remoteAllowedPort = deploy(data, true);
        client = WebClient.create(vertx);
    }

    private int deploy(Path data, boolean allowRemote) throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "0.0.0.0",
                        "MILLRACE_INTERNAL_API_KEY",
                        KEY,
                        "MILLRACE_MAX_BODY_BYTES",
                        "4096",
                        "MILLRACE_INTERNAL_ALLOW_REMOTE",
                        Boolean.toString(allowRemote)))
                .load();
        GatewayVerticle gateway = new GatewayVerticle(
                config, List.of(), List.of(), metrics, "webroot", new LocalStorage(data.resolve("storage")));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        return gateway.actualPort();
    }

    /** An IPv4 address of this machine that is not loopback: connecting to it makes us a non-loopback peer. */
    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        throw new AssertionError("this test needs a non-loopback IPv4 address on the machine (see `hostname -I`)");
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static JsonObject importBody(String recordingId) {
        return new JsonObject()
                .put("recordingId", recordingId)
                .put("streamId", "s1")
                .put("sessionId", "sess1")
                .put("ownerId", "u1")
                .put("ownerUsername", "rita")
                .put("title", "Recorded show")
                .put("visibility", "public")
                .put("mp4Key", "recordings/" + recordingId + "/video.mp4");
    }

    private HttpResponse<Buffer> post(String host, int port, String key, Buffer body) throws Exception {
        HttpRequest<Buffer> request =
                client.request(HttpMethod.POST, port, host, PATH).putHeader("Content-Type", "application/json");
        if (key != null) {
            request.putHeader(InternalApiKey.HEADER, key);
        }
        return request.sendBuffer(body).await(20, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String key, JsonObject body) throws Exception {
        return post("127.0.0.1", loopbackOnlyPort, key, body.toBuffer());
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    }

    @Test
    void aMissingOrWrongKeyIs401AndNothingReachesTheService() throws Exception {
        assertError(post(null, importBody("r-nokey")), 401, "unauthorized");
        assertError(post("", importBody("r-empty")), 401, "unauthorized");
        assertError(post(KEY.substring(0, KEY.length() - 1) + "X", importBody("r-wrong")), 401, "unauthorized");
        assertError(post(KEY + "X", importBody("r-longer")), 401, "unauthorized");
        assertError(post(KEY.toUpperCase(), importBody("r-case")), 401, "unauthorized");
        HttpResponse<Buffer> refused = post(null, importBody("r-nokey"));
        assertThat(refused.bodyAsString()).doesNotContain(KEY);
        assertThat(received).isEmpty();
    }

    @Test
    void theRightKeyForwardsTheBodyAndAnswersTheServicesStatus() throws Exception {
        JsonObject body = importBody("r-1");
        HttpResponse<Buffer> first = post(KEY, body);
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
        assertThat(first.getHeader("Content-Type")).startsWith("application/json");
        assertThat(first.bodyAsJsonObject().getJsonObject("video").getString("id"))
                .isEqualTo("v-r-1");
        HttpResponse<Buffer> again = post(KEY, body);
        assertThat(again.statusCode()).as("the same recording again").isEqualTo(200);
        assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());

        assertThat(received).hasSize(2);
        ServiceRequest request = received.get(0);
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.principal()).isNull();
        assertThat(request.clientIp()).isEqualTo("127.0.0.1");
        assertThat(request.requestId()).isEqualTo(first.getHeader("X-Request-Id"));
    }

    @Test
    void badBodiesAndServiceErrorsAnswerAsOnPublicRoutes() throws Exception {
        assertError(post("127.0.0.1", loopbackOnlyPort, KEY, Buffer.buffer("{not json")), 400, "invalid_json");
        assertError(post("127.0.0.1", loopbackOnlyPort, KEY, Buffer.buffer("\"a string\"")), 400, "invalid_json");
        assertError(post(KEY, new JsonObject().put("title", "no recording")), 400, "invalid_recording");
        assertError(
                post("127.0.0.1", loopbackOnlyPort, KEY, Buffer.buffer("{\"x\":\"" + "a".repeat(5000) + "\"}")),
                413,
                "payload_too_large");
        HttpResponse<Buffer> get = client.request(HttpMethod.GET, loopbackOnlyPort, "127.0.0.1", PATH)
                .putHeader(InternalApiKey.HEADER, KEY)
                .send()
                .await(20, TimeUnit.SECONDS);
        assertThat(get.statusCode()).isIn(404, 405);
        assertThat(received).hasSize(1); // only the well-formed body without a recording reached the service
    }

    @Test
    void aNonLoopbackCallerGetsThe404OfAPathThatDoesNotExistEvenWithTheKey() throws Exception {
        HttpResponse<Buffer> remote = post(
                remoteAddress, loopbackOnlyPort, KEY, importBody("r-remote").toBuffer());
        assertError(remote, 404, "not_found");
        HttpResponse<Buffer> nothing = client.request(
                        HttpMethod.POST, loopbackOnlyPort, remoteAddress, "/internal/nothing-here")
                .send()
                .await(20, TimeUnit.SECONDS);
        assertThat(remote.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(nothing.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertError(
                post(
                        remoteAddress,
                        loopbackOnlyPort,
                        null,
                        importBody("r-remote").toBuffer()),
                404,
                "not_found");
        assertThat(received).isEmpty();

        // Where the services run as separate hosts, the operator allows remote callers; the key still decides.
        assertError(
                post(
                        remoteAddress,
                        remoteAllowedPort,
                        null,
                        importBody("r-remote").toBuffer()),
                401,
                "unauthorized");
        HttpResponse<Buffer> allowed = post(
                remoteAddress, remoteAllowedPort, KEY, importBody("r-remote").toBuffer());
        assertThat(allowed.statusCode()).as(allowed.bodyAsString()).isEqualTo(201);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).clientIp()).isEqualTo(remoteAddress);
    }
}
