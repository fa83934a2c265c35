package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.auth.Rotation.Outcome;

/** Refresh-token rotation against a real PostgreSQL, including racing rotations of one token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTokenRepositoryTest {
    private AuthDatabase db;
    private Pool pool;
    private UserRepository users;
    private RefreshTokenRepository tokens;
    private int userCount;

    @BeforeAll
    void start(@TempDir Path data) {
        db = AuthDatabase.start(data, 8);
        pool = db.pool();
        users = new UserRepository(pool);
        tokens = new RefreshTokenRepository(pool, new OpaqueTokens(), Duration.ofDays(30));
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

    private String newUser() throws Exception {
        userCount++;
        return await(users.create("user" + userCount, "user" + userCount + "@example.org", "not-a-real-hash"))
                .id();
    }

    @Test
    void ofManyRacingRotationsOfOneTokenExactlyOneWins() throws Exception {
        String token = await(tokens.issueNewFamily(newUser()));
        List<Future<Rotation>> racing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racing.add(tokens.rotate(token));
        }
        await(Future.join(racing));
        List<Rotation> results = racing.stream().map(Future::result).toList();
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.ROTATED).hasSize(1);
        // The first loser finds the token spent and revokes the family; the ones after it find it revoked.
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.REUSED).hasSize(1);
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.REVOKED).hasSize(4);
        String winner = results.stream()
                .filter(r -> r.outcome() == Outcome.ROTATED)
                .findFirst()
                .orElseThrow()
                .nextToken();
        assertThat(await(tokens.rotate(winner)).outcome())
                .as("the reuse revoked the family")
                .isEqualTo(Outcome.REVOKED);
    }

    @Test
    void aChainOfRotationsWorksAndEachLinkIsSpent() throws Exception {
        String user = newUser();
        String token = await(tokens.issueNewFamily(user));
        for (int i = 0; i < 5; i++) {
            Rotation rotation = await(tokens.rotate(token));
            assertThat(rotation.outcome()).isEqualTo(Outcome.ROTATED);
            assertThat(rotation.userId()).isEqualTo(user);
            assertThat(rotation.nextToken()).isNotEqualTo(token).matches("[A-Za-z0-9_-]{43}");
            token = rotation.nextToken();
        }
        long rows = await(pool.preparedQuery("SELECT count(*) FROM refresh_tokens WHERE user_id = $1::uuid "
                                + "AND spent_at IS NOT NULL")
                        .execute(Tuple.of(user)))
                .iterator()
                .next()
                .getLong(0);
        assertThat(rows).isEqualTo(5);
    }

    @Test
    void expiredUnknownAndMalformedTokensAreRefused() throws Exception {
        String token = await(tokens.issueNewFamily(newUser()));
        await(pool.preparedQuery(
                        "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' " + "WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(OpaqueTokens.digest(token)))));
        assertThat(await(tokens.rotate(token)).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(await(tokens.rotate(new OpaqueTokens().generate())).outcome())
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(await(tokens.rotate("' OR 1=1 --")).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(await(tokens.rotate(null)).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void revokingOneTokenRevokesItsFamilyOnly() throws Exception {
        String user = newUser();
        String phone = await(tokens.issueNewFamily(user));
        String laptop = await(tokens.issueNewFamily(user));
        String phoneNext = await(tokens.rotate(phone)).nextToken();
        await(tokens.revokeFamilyOf(phone)); // an old link of the chain still names the family
        assertThat(await(tokens.rotate(phoneNext)).outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(await(tokens.rotate(laptop)).outcome()).isEqualTo(Outcome.ROTATED);
    }

    @Test
    void onlyDigestsAreStored() throws Exception {
        String token = await(tokens.issueNewFamily(newUser()));
        long plain = await(pool.preparedQuery("SELECT count(*) FROM refresh_tokens WHERE "
                                + "position(convert_to($1, 'UTF8') in token_hash) > 0")
                        .execute(Tuple.of(token)))
                .iterator()
                .next()
                .getLong(0);
        assertThat(plain).isZero();
        assertThat(OpaqueTokens.digest(token)).hasSize(32);
    }
}
