package org.millrace.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.core.db.Database;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;

/**
 * Benchmark (issue 13): what the shared login limits (rows in PostgreSQL) add to a login, next to the bcrypt check
 * every login pays, in the same run. A failed login costs {@code attempt} + {@code admit} (4 statements from an
 * address the account never signed in from), a successful one also {@code succeeded} (3 more). Not a test: run through bench/shared-state.sh.
 * Arguments: iterations (default 2000), concurrency for the throughput phase (default 32).
 */
public final class LoginLimitBench {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("millrace-login-bench");
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Vertx vertx = Vertx.vertx();
        try {
            Migrations.apply(db.settings(8), "auth");
            Pool pool = Database.pool(vertx, db.settings(8));
            LoginRateLimiter limiter = new LoginRateLimiter(
                    pool,
                    LoginLimitSettings.defaults()
                            .withAccountFailures(new RateLimit(Integer.MAX_VALUE, Duration.ofDays(1))),
                    System::currentTimeMillis);
            // Wide budgets, many addresses: the limits themselves never refuse here, only their cost is measured.
            for (int i = 0; i < 200; i++) {
                failedLogin(limiter, i);
            }
            long[] failed = new long[iterations];
            long[] succeeded = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                failedLogin(limiter, i);
                failed[i] = System.nanoTime() - start;
                start = System.nanoTime();
                successfulLogin(limiter, i);
                succeeded[i] = System.nanoTime() - start;
            }
            report("limiter, failed login (attempt + admit), sequential", failed);
            report("limiter, successful login (attempt + admit + succeeded), sequential", succeeded);

            int total = iterations * 4;
            long start = System.nanoTime();
            List<Future<Void>> inFlight = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int n = i;
                inFlight.add(Future.future(p -> limiter.attempt(address(n))
                        .compose(w -> limiter.admit("user:bench" + (n % 500), address(n)))
                        .onComplete(r -> p.complete())));
                if (inFlight.size() >= concurrency) {
                    Future.all(inFlight).await(60, TimeUnit.SECONDS);
                    inFlight.clear();
                }
            }
            Future.all(inFlight).await(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("limiter, failed logins with %d in flight: %.0f/s%n", concurrency, total / seconds);

            WorkerExecutor workers = vertx.createSharedWorkerExecutor("bench-bcrypt", 2);
            PasswordHasher hasher = new PasswordHasher(workers, AuthSettings.DEFAULT_BCRYPT_COST);
            String hash = hasher.hash("bench-password-123").await(60, TimeUnit.SECONDS);
            long[] bcrypt = new long[20];
            for (int i = 0; i < bcrypt.length; i++) {
                long t = System.nanoTime();
                hasher.verify("wrong-password-" + i, hash).await(60, TimeUnit.SECONDS);
                bcrypt[i] = System.nanoTime() - t;
            }
            report(
                    "reference: bcrypt check at cost " + AuthSettings.DEFAULT_BCRYPT_COST + " (every login pays it)",
                    bcrypt);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            db.close();
        }
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    private static void failedLogin(LoginRateLimiter limiter, int i) throws Exception {
        limiter.attempt(address(i))
                .compose(w -> limiter.admit("user:bench" + (i % 500), address(i)))
                .await(10, TimeUnit.SECONDS);
    }

    private static void successfulLogin(LoginRateLimiter limiter, int i) throws Exception {
        limiter.attempt(address(i + 100_000))
                .compose(w -> limiter.admit("user:ok" + (i % 500), address(i + 100_000)))
                .compose(limiter::succeeded)
                .await(10, TimeUnit.SECONDS);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s: p50 %.2f ms, p99 %.2f ms (n=%d)%n",
                what,
                sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
                sorted.length);
    }
}
