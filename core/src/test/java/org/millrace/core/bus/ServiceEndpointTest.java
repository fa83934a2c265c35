package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.millrace.core.security.Principal;

class ServiceEndpointTest {
    private Vertx vertx;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        BusCodecs.register(vertx.eventBus());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static ServiceRequest request(Object body) {
        return new ServiceRequest(
                "req-1",
                Map.of("id", "abc"),
                Map.of("tag", List.of("a", "b")),
                body,
                new Principal("u1", "ada", List.of("user", "admin")),
                "127.0.0.1");
    }

    @Test
    void requestSurvivesTheWireFormat() throws Exception {
        JsonMessageCodec<ServiceRequest> codec =
                new JsonMessageCodec<>(ServiceRequest.class, ServiceRequest::toJson, ServiceRequest::fromJson);
        ServiceRequest original = request(new JsonObject().put("title", "it's \"quoted\"; DROP TABLE x"));
        Buffer wire = Buffer.buffer("prefix");
        codec.encodeToWire(wire, original);
        ServiceRequest decoded = codec.decodeFromWire(6, wire);
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.queryParam("tag")).contains("a");
        assertThat(decoded.requireCaller().isAdmin()).isTrue();

        ServiceRequest anonymous = new ServiceRequest("r", Map.of(), Map.of(), new JsonArray().add(1), null, null);
        Buffer wire2 = Buffer.buffer();
        codec.encodeToWire(wire2, anonymous);
        assertThat(codec.decodeFromWire(0, wire2)).isEqualTo(anonymous);
    }

    @Test
    void successReachesTheCaller() throws Exception {
        ServiceEndpoint.bind(
                vertx.eventBus(),
                "test.echo",
                req -> Future.succeededFuture(ServiceResponse.ok(new JsonObject()
                        .put("id", req.pathParam("id"))
                        .put("by", req.requireCaller().username()))));
        ServiceResponse response = vertx.eventBus()
                .<ServiceResponse>request("test.echo", request(null))
                .await(5, TimeUnit.SECONDS)
                .body();
        assertThat(response.status()).isEqualTo(200);
        assertThat(((JsonObject) response.body()).getString("by")).isEqualTo("ada");
    }

    @Test
    void serviceExceptionsKeepStatusCodeAndMessage() throws Exception {
        ServiceEndpoint.bind(vertx.eventBus(), "test.missing", req -> {
            throw ServiceException.notFound("no such stream");
        });
        ServiceException error = requestFailure("test.missing");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.code()).isEqualTo("not_found");
        assertThat(error.getMessage()).isEqualTo("no such stream");
    }

    @Test
    void retryAfterTravelsWithTheFailure() throws Exception {
        ServiceEndpoint.bind(vertx.eventBus(), "test.busy", req -> {
            throw ServiceException.tooManyRequests("slow down", 42);
        });
        ServiceException error = requestFailure("test.busy");
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.code()).isEqualTo("rate_limited");
        assertThat(error.retryAfterSeconds()).hasValue(42);
        assertThat(ServiceException.notFound("x").retryAfterSeconds()).isEmpty();
    }

    @Test
    void unexpectedFailuresBecomeAnOpaque500() throws Exception {
        ServiceEndpoint.bind(
                vertx.eventBus(),
                "test.boom",
                req -> Future.failedFuture(new IllegalStateException("password=hunter2 leaked?")));
        ServiceException error = requestFailure("test.boom");
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("internal_error");
        assertThat(error.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void aBodyTheContractCannotReadIsTheCallersFault() throws Exception {
        ServiceEndpoint.bind(vertx.eventBus(), "test.malformed", req -> {
            PublishStarted.fromJson(new JsonObject().put("streamId", 42));
            return Future.succeededFuture(ServiceResponse.noContent());
        });
        ServiceException error = requestFailure("test.malformed");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("invalid_stream_id");
    }

    @Test
    void noServiceMeans503() throws Exception {
        ServiceException error = requestFailure("test.nobody-listens");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.code()).isEqualTo("service_unavailable");
    }

    private ServiceException requestFailure(String address) throws Exception {
        Future<?> reply = vertx.eventBus().request(address, request(null));
        try {
            reply.await(5, TimeUnit.SECONDS);
        } catch (Exception expected) {
            return ServiceException.fromReply(reply.cause() != null ? reply.cause() : expected);
        }
        throw new AssertionError("expected " + address + " to fail");
    }
}
