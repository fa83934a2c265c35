package org.millrace.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes and checks passwords with bcrypt on a worker pool, never on an event loop (a cost-12 hash takes about a
 * quarter of a second).
 *
 * <p>bcrypt reads at most 72 bytes, so a long passphrase would be cut silently. Every password is therefore
 * pre-hashed: base64(HMAC-SHA256(key "millrace-password-v1", UTF-8 bytes)), 44 ASCII bytes, is what bcrypt sees. All
 * 128 characters count, there is no NUL byte for bcrypt to stop at, and the keyed pre-hash cannot be matched against
 * leaked plain SHA-256 lists ("password shucking").
 */
public final class PasswordHasher {
    private static final byte[] PREHASH_KEY = "millrace-password-v1".getBytes(StandardCharsets.US_ASCII);
    private static final BCrypt.Hasher BCRYPT = BCrypt.with(BCrypt.Version.VERSION_2B);

    private final WorkerExecutor workers;
    private final int cost;
    /** A hash of a random password, checked against for unknown users so their logins take as long as real ones. */
    private final Future<String> dummyHash;

    public PasswordHasher(WorkerExecutor workers, int cost) {
        this.workers = workers;
        this.cost = cost;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    public Future<String> hash(String password) {
        return workers.executeBlocking(() -> BCRYPT.hashToString(cost, prehash(password)), false);
    }

    public Future<Boolean> verify(String password, String hash) {
        return workers.executeBlocking(
                () -> BCrypt.verifyer().verify(prehash(password), hash.toCharArray()).verified, false);
    }

    /** Spends the time of a real check and answers false: the answer for a login name nobody has. */
    public Future<Boolean> verifyNobody(String password) {
        return dummyHash.compose(hash -> verify(password, hash)).map(ignored -> false);
    }

    static char[] prehash(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PREHASH_KEY, "HmacSHA256"));
            byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
