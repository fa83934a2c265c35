package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.security.AccessTokens;
import org.slf4j.LoggerFactory;

/** The refresh-token purge against a real PostgreSQL: what it deletes, what it keeps, in bounded batches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTokenPurgeTest {
    private static final Duration RETENTION = Duration.ofDays(1);

    private AuthDatabase db;
    private Vertx vertx;
    private Pool pool;
    private UserRepository users;
    private RefreshTokenRepository tokens;
    private String user;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        db = AuthDatabase.start(data, 4);
        vertx = db.vertx();
        pool = db.pool();
        users = new UserRepository(pool);
        tokens = new RefreshTokenRepository(pool, new OpaqueTokens(), Duration.ofDays(30));
        user = await(users.create("purged", "purged@example.org", "not-a-real-hash"))
                .id();
    }

    @BeforeEach
    void empty() throws Exception {
        await(pool.query("DELETE FROM refresh_tokens").execute());
    }

    @AfterAll
    void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }

    /** A token whose columns are then set by {@code set} (SQL assignments relative to now()). */
    private String token(String set) throws Exception {
        String token = await(tokens.issueNewFamily(user));
        if (set != null) {
            await(pool.preparedQuery("UPDATE refresh_tokens SET " + set + " WHERE token_hash = $1")
                    .execute(Tuple.of(Buffer.buffer(OpaqueTokens.digest(token)))));
        }
        return token;
    }

    private List<String> remaining(List<String> of) throws Exception {
        List<String> left = new ArrayList<>();
        for (String token : of) {
            long rows = await(pool.preparedQuery("SELECT count(*) FROM refresh_tokens WHERE token_hash = $1")
                            .execute(Tuple.of(Buffer.buffer(OpaqueTokens.digest(token)))))
                    .iterator()
                    .next()
                    .getLong(0);
            if (rows > 0) {
                left.add(token);
            }
        }
        return left;
    }

    private long rows() throws Exception {
        return await(pool.query("SELECT count(*) FROM refresh_tokens").execute())
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void deletesTokensExpiredOrRevokedLongAgoAndKeepsTheRest() throws Exception {
        List<String> kept = List.of(
                token(null), // live
                token("spent_at = now()"), // spent: kept to detect reuse
                token("expires_at = now() - interval '1 hour'"), // expired lately
                token("revoked_at = now() - interval '1 hour'"), // revoked lately
                token("expires_at = now() - interval '23 hours', spent_at = now() - interval '2 days'"));
        List<String> purged = List.of(
                token("expires_at = now() - interval '25 hours'"),
                token("revoked_at = now() - interval '2 days'"),
                token("expires_at = now() - interval '40 days', spent_at = now() - interval '41 days', "
                        + "revoked_at = now() - interval '41 days'"));

        int deleted = await(
                new RefreshTokenPurge(tokens, new PurgeSettings(Duration.ofHours(1), RETENTION, 100, 10)).purge());

        assertThat(deleted).isEqualTo(3);
        assertThat(remaining(purged)).isEmpty();
        assertThat(remaining(kept)).containsExactlyElementsOf(kept);
    }

    @Test
    void eachPurgeDeletesInBoundedBatches() throws Exception {
        for (int i = 0; i < 10; i++) {
            token("expires_at = now() - interval '3 days'");
        }
        RefreshTokenPurge purge =
                new RefreshTokenPurge(tokens, new PurgeSettings(Duration.ofHours(1), RETENTION, 3, 2));
        assertThat(await(purge.purge())).as("two batches of three").isEqualTo(6);
        assertThat(rows()).isEqualTo(4);
        assertThat(await(purge.purge())).isEqualTo(4);
        assertThat(await(purge.purge())).isZero();
    }

    @Test
    void theAuthServicePurgesPeriodicallyOnItsOwn() throws Exception {
        String live = token(null);
        for (int i = 0; i < 5; i++) {
            token("revoked_at = now() - interval '3 days'");
        }
        AuthSettings settings = AuthSettings.defaults()
                .withBcryptCost(AuthTestServer.TEST_BCRYPT_COST)
                .withPurge(new PurgeSettings(Duration.ofMillis(200), RETENTION, 2, 1));
        AccessTokens accessTokens = new AccessTokens(
                vertx,
                "an-hmac-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15));
        Logger log = (Logger) LoggerFactory.getLogger(RefreshTokenPurge.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        log.addAppender(captured);
        String deployment = await(vertx.deployVerticle(new AuthVerticle(pool, accessTokens, settings)));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rows() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(rows()).as("five rows, two per purge").isEqualTo(1);
            assertThat(remaining(List.of(live))).containsExactly(live);
        } finally {
            await(vertx.undeploy(deployment));
            log.detachAppender(captured);
        }
        assertThat(captured.list)
                .as("one line per purge that deleted something")
                .hasSizeBetween(3, 4)
                .allSatisfy(event -> assertThat(event.getThreadName()).startsWith("vert.x-worker-thread"));
    }
}
