package org.millrace.srt.listener;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.millrace.srt.crypto.InvalidKeyMaterialException;
import org.millrace.srt.crypto.KeyDerivationPool;
import org.millrace.srt.crypto.KeyEncryptingKey;
import org.millrace.srt.crypto.KeyMaterial;
import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.handshake.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encrypted connection's in-band key material (KMREQ) handling, on its event loop. A libsrt sender re-keys
 * rarely (every 2^24 packets by default: the new key announced once, the old one retired once, each repeated only
 * until answered) and keeps its salt for the whole connection. So a repeat of the last request gets the last answer
 * again; a new key under the handshake's salt is unwrapped with the key encrypting key derived at the handshake
 * (microseconds); a new salt needs a derivation, done off the loop, one at a time and at most one per
 * {@link #NEW_SALT_INTERVAL_MICROS}; and past a few requests per second they are dropped, only counted. At most one
 * log line per connection.
 */
final class KeyMaterialExchange {
    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterialExchange.class);
    static final double REQUESTS_PER_SECOND = 4;
    static final int REQUEST_BURST = 8;
    static final long NEW_SALT_INTERVAL_MICROS = 10_000_000;

    private final StreamDecryptor decryptor;
    private final String passphrase;
    private final KeyDerivationPool derivations;
    private final Executor loop;
    private final ListenerCounters counters;
    private final String connectionName;
    private final TokenBucket requests;
    private KeyEncryptingKey kek;
    private byte[] lastRequest;
    private byte[] lastAnswer;
    private boolean deriving;
    private long lastDerivationMicros;
    private boolean logged;

    KeyMaterialExchange(
            StreamDecryptor decryptor,
            KeyEncryptingKey kek,
            String passphrase,
            KeyDerivationPool derivations,
            Executor loop,
            ListenerCounters counters,
            String connectionName,
            long nowMicros) {
        this.decryptor = decryptor;
        this.kek = kek;
        this.passphrase = passphrase;
        this.derivations = derivations;
        this.loop = loop;
        this.counters = counters;
        this.connectionName = connectionName;
        this.requests = new TokenBucket(REQUESTS_PER_SECOND, REQUEST_BURST, nowMicros);
        this.lastDerivationMicros = nowMicros; // the handshake's derivation
    }

    StreamDecryptor decryptor() {
        return decryptor;
    }

    /**
     * Handles one KMREQ message: {@code respond} gets the KMRSP message now, or later on the loop after a
     * derivation, or never when the request is dropped.
     */
    void onRequest(byte[] message, long now, Consumer<byte[]> respond) {
        if (!requests.tryTake(now)) {
            drop("more than " + (int) REQUESTS_PER_SECOND + " key material requests per second");
            return;
        }
        if (lastRequest != null && Arrays.equals(message, lastRequest)) {
            respond.accept(lastAnswer); // the sender missed our answer
            return;
        }
        KeyMaterial km;
        try {
            km = KeyMaterial.decode(message);
        } catch (InvalidKeyMaterialException e) {
            refuse(message, e.getMessage(), respond);
            return;
        }
        if (kek.fits(km)) {
            apply(kek, km, message, respond);
            return;
        }
        if (deriving || now - lastDerivationMicros < NEW_SALT_INTERVAL_MICROS) {
            drop("new salts more often than every " + NEW_SALT_INTERVAL_MICROS / 1_000_000 + " s");
            return;
        }
        deriving = true;
        lastDerivationMicros = now;
        boolean queued = derivations.derive(passphrase, km, loop, (derived, failure) -> {
            deriving = false;
            if (failure != null) {
                refuse(message, "key derivation failed: " + failure, respond);
            } else {
                apply(derived, km, message, respond);
            }
        });
        if (!queued) {
            deriving = false;
            drop("key derivation queue full");
        }
    }

    private void apply(KeyEncryptingKey with, KeyMaterial km, byte[] message, Consumer<byte[]> respond) {
        try {
            decryptor.install(with.unwrap(km));
        } catch (InvalidKeyMaterialException e) {
            refuse(message, e.getMessage(), respond);
            return;
        }
        kek = with; // only a key that unwrapped replaces the one we had
        remember(message, message);
        respond.accept(message); // KMRSP echoes the request
    }

    private void refuse(byte[] message, String why, Consumer<byte[]> respond) {
        counters.keyMaterialRefused.incrementAndGet();
        byte[] answer = KeyMaterial.error(KeyMaterial.ERROR_BAD_SECRET);
        remember(message, answer);
        logOnce("refused: " + why);
        respond.accept(answer);
    }

    private void drop(String why) {
        counters.keyMaterialDropped.incrementAndGet();
        logOnce("dropped: " + why);
    }

    private void remember(byte[] request, byte[] answer) {
        lastRequest = request.clone();
        lastAnswer = answer.clone();
    }

    private void logOnce(String what) {
        if (!logged) {
            logged = true;
            LOG.warn(
                    "SRT connection {}: in-band key material {}; from now on such requests are only counted",
                    connectionName,
                    what);
        }
    }
}
