package org.millrace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private Vertx vertx;
    private WorkerExecutor workers;
    private PasswordHasher hasher;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        workers = vertx.createSharedWorkerExecutor("test-bcrypt", 2);
        hasher = new PasswordHasher(workers, 4);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.await(10, TimeUnit.SECONDS);
    }

    @Test
    void hashesAreSaltedBcryptAndVerifyOnlyTheirPassword() throws Exception {
        String first = await(hasher.hash("O'Brien\"; DROP TABLE users;--"));
        String second = await(hasher.hash("O'Brien\"; DROP TABLE users;--"));
        assertThat(first).startsWith("$2b$04$").hasSize(60).isNotEqualTo(second);
        assertThat(await(hasher.verify("O'Brien\"; DROP TABLE users;--", first)))
                .isTrue();
        assertThat(await(hasher.verify("O'Brien\"; DROP TABLE users;-", first))).isFalse();
        assertThat(await(hasher.verify("O'Brien\"; DROP TABLE users;--", second)))
                .isTrue();
    }

    @Test
    void passwordsLongerThanBcryptsSeventyTwoBytesStillCountInFull() throws Exception {
        String base = "ü".repeat(60); // 120 bytes of UTF-8
        String hash = await(hasher.hash(base + "a"));
        assertThat(await(hasher.verify(base + "a", hash))).isTrue();
        assertThat(await(hasher.verify(base + "b", hash))).isFalse();
        assertThat(await(hasher.verify(base, hash))).isFalse();
    }

    @Test
    void unknownUsersAreAlwaysRefused() throws Exception {
        assertThat(await(hasher.verifyNobody("any password at all"))).isFalse();
    }
}
