package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.slf4j.LoggerFactory;

/**
 * Text that real PostgreSQL refuses (a NUL byte: "invalid byte sequence for encoding UTF8: 0x00") is the caller's
 * fault: a 400, and no stack trace in the log, even when it got past the gateway's own check.
 */
class InvalidInputTest {
    @TempDir
    Path data;

    @Test
    void textTheDatabaseRefusesIsA400WithoutAStackTrace() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(ServiceEndpoint.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        Vertx vertx = Vertx.vertx();
        BusCodecs.register(vertx.eventBus());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"))) {
            Pool pool = Database.pool(vertx, db.settings(1));
            ServiceEndpoint.bind(
                    vertx.eventBus(), "test.store", request -> pool.preparedQuery("SELECT $1::text AS stored")
                            .execute(Tuple.of(request.bodyObject().getString("title")))
                            .map(rows -> ServiceResponse.ok(new JsonObject()
                                    .put("stored", rows.iterator().next().getString("stored")))));

            assertThat(send(vertx, "fine").status()).isEqualTo(200);
            ServiceException error = failure(vertx, "a\u0000b");
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.code()).isEqualTo("invalid_input");
            assertThat(events.list)
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .isEmpty();
            pool.close().await(5, TimeUnit.SECONDS);
        } finally {
            log.detachAppender(events);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static ServiceRequest request(String title) {
        return new ServiceRequest("req-1", Map.of(), Map.of(), new JsonObject().put("title", title), null, "127.0.0.1");
    }

    private static ServiceResponse send(Vertx vertx, String title) throws Exception {
        return vertx.eventBus()
                .<ServiceResponse>request("test.store", request(title))
                .await(10, TimeUnit.SECONDS)
                .body();
    }

    private static ServiceException failure(Vertx vertx, String title) throws Exception {
        Future<?> reply = vertx.eventBus().request("test.store", request(title));
        try {
            reply.await(10, TimeUnit.SECONDS);
        } catch (Exception expected) {
            return ServiceException.fromReply(reply.cause() != null ? reply.cause() : expected);
        }
        throw new AssertionError("expected the request to fail");
    }
}
