package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.PublishStarted;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.SessionAssignment;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.security.Principal;

/**
 * A clustered streams process judges ingest nodes by the cluster's membership (StreamsRole passes it on): a session
 * still live on a node that is not a member is taken over by a publisher reaching a member.
 */
class StreamsRoleMembershipTest {
    @TempDir
    Path data;

    @Test
    void aSessionLiveOnANodeOutsideTheClusterIsTakenOver() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"))) {
            DatabaseSettings settings = db.settings(2);
            int clusterPort = FreePorts.tcp();
            Map<String, String> env = new HashMap<>(Map.of(
                    "MILLRACE_DATA_DIR",
                    data.toString(),
                    "MILLRACE_HTTP_PORT",
                    "0",
                    "MILLRACE_HTTP_HOST",
                    "127.0.0.1",
                    "MILLRACE_SERVICES",
                    "streams",
                    "MILLRACE_DATABASE_URL",
                    "postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database(),
                    "MILLRACE_CLUSTER_PORT",
                    Integer.toString(clusterPort),
                    "MILLRACE_CLUSTER_MEMBERS",
                    "127.0.0.1:" + clusterPort));
            if (settings.user() != null) {
                env.put("MILLRACE_DATABASE_USER", settings.user());
            }
            if (settings.password() != null) {
                env.put("MILLRACE_DATABASE_PASSWORD", settings.password());
            }
            try (ServiceAssembly streams = ServiceAssembly.start(new ConfigLoader(env).load())) {
                assertThat(streams.membership().clustered()).isTrue();
                EventBus bus = streams.vertx().eventBus();
                String id = call(
                                bus,
                                Addresses.STREAMS_CREATE,
                                new JsonObject().put("title", "Takeover"),
                                new Principal("u-1", "alice", List.of("user")))
                        .getString("id");
                SessionAssignment first = SessionAssignment.fromJson(call(
                        bus,
                        Addresses.STREAMS_PUBLISH_STARTED,
                        new PublishStarted(id, "203.0.113.9:5000", null, "a-node-that-left", null).toJson(),
                        null));
                SessionAssignment taken = SessionAssignment.fromJson(call(
                        bus,
                        Addresses.STREAMS_PUBLISH_STARTED,
                        new PublishStarted(
                                        id,
                                        "203.0.113.9:5001",
                                        null,
                                        streams.membership().localNodeId(),
                                        null)
                                .toJson(),
                        null));
                assertThat(taken.resumed()).isTrue();
                assertThat(taken.sessionId()).isEqualTo(first.sessionId());
            }
        }
    }

    private static JsonObject call(EventBus bus, String address, JsonObject body, Principal caller) throws Exception {
        ServiceResponse answer = bus.<ServiceResponse>request(
                        address,
                        new ServiceRequest("t", Map.of(), Map.of(), body, caller, "127.0.0.1"),
                        new DeliveryOptions().setSendTimeout(10_000))
                .await(15, TimeUnit.SECONDS)
                .body();
        return (JsonObject) answer.body();
    }
}
