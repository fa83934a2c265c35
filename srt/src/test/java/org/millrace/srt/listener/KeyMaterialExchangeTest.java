package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.srt.crypto.KeyDerivationPool;
import org.millrace.srt.crypto.KeyEncryptingKey;
import org.millrace.srt.crypto.KeyMaterial;
import org.millrace.srt.crypto.KeyWrap;
import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.peer.RawSrtCaller;

/** In-band re-keying as libsrt does it, and what a hostile sender varies, against one connection's KM handling. */
class KeyMaterialExchangeTest {
    private static final String PASSPHRASE = "exchange-passphrase-01";
    private static final long SECOND = 1_000_000;

    private final ListenerCounters counters = new ListenerCounters();
    private final KeyDerivationPool pool = new KeyDerivationPool(1, 4, counters.keyDerivations);
    private final List<byte[]> answers = new CopyOnWriteArrayList<>();
    private final byte[] salt = RawSrtCaller.randomSalt();
    private final byte[] handshakeKey = key(1);
    private final KeyMaterial handshakeKm = wrap(salt, handshakeKey);
    private final KeyEncryptingKey kek = KeyEncryptingKey.deriveFor(PASSPHRASE, handshakeKm);
    private StreamDecryptor decryptor;

    @AfterEach
    void close() {
        pool.close();
    }

    private KeyMaterialExchange exchange(Executor loop) throws Exception {
        decryptor = new StreamDecryptor(kek.unwrap(handshakeKm));
        return new KeyMaterialExchange(decryptor, kek, PASSPHRASE, pool, loop, counters, "test", 0);
    }

    @Test
    void aReKeyUnderTheSameSaltNeedsNoDerivationAndARepeatGetsTheSameAnswer() throws Exception {
        KeyMaterialExchange exchange = exchange(Runnable::run);
        byte[] newKey = key(2);
        byte[] reKey = wrap(salt, newKey).encode();
        exchange.onRequest(reKey, SECOND, answers::add);
        exchange.onRequest(reKey, SECOND + 10, answers::add);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0)).isEqualTo(reKey).isEqualTo(answers.get(1)); // KMRSP echoes the request
        assertThat(decrypts(newKey, salt)).isTrue();
        assertThat(counters.keyDerivations()).isZero();
    }

    @Test
    void aNewSaltIsDerivedOffTheCallersThreadAtMostOncePerInterval() throws Exception {
        KeyMaterialExchange exchange = exchange(Runnable::run);
        byte[] otherSalt = RawSrtCaller.randomSalt();
        byte[] newKey = key(3);
        long later = KeyMaterialExchange.NEW_SALT_INTERVAL_MICROS + SECOND;
        exchange.onRequest(wrap(otherSalt, key(4)).encode(), SECOND, answers::add); // too soon after the handshake
        assertThat(counters.keyMaterialDropped()).isEqualTo(1);
        Thread caller = Thread.currentThread();
        List<Thread> answeredOn = new CopyOnWriteArrayList<>();
        exchange.onRequest(wrap(otherSalt, newKey).encode(), later, a -> {
            answeredOn.add(Thread.currentThread());
            answers.add(a);
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (answers.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(answers).hasSize(1);
        assertThat(answeredOn.get(0)).isNotEqualTo(caller);
        assertThat(counters.keyDerivations()).isEqualTo(1);
        assertThat(decrypts(newKey, otherSalt)).isTrue();
    }

    @Test
    void aForeignKeyIsRefusedAndAFloodIsDroppedPastTheBurst() throws Exception {
        KeyMaterialExchange exchange = exchange(Runnable::run);
        byte[] foreign = new KeyMaterial(
                        EncryptionKey.EVEN,
                        16,
                        salt,
                        KeyWrap.wrap(KeyEncryptingKey.derive("not-the-passphrase", salt, 16), key(5)))
                .encode();
        for (int i = 0; i < 100; i++) {
            exchange.onRequest(foreign, SECOND + i, answers::add);
        }
        assertThat(answers).hasSize(KeyMaterialExchange.REQUEST_BURST);
        assertThat(answers.get(0)).isEqualTo(KeyMaterial.error(KeyMaterial.ERROR_BAD_SECRET));
        assertThat(counters.keyMaterialRefused()).isEqualTo(1); // the repeats were answered from the last answer
        assertThat(counters.keyMaterialDropped()).isEqualTo(100 - KeyMaterialExchange.REQUEST_BURST);
        assertThat(decrypts(handshakeKey, salt)).as("the keys in use stay").isTrue();
        // A second later the sender may speak again.
        exchange.onRequest(foreign, 2 * SECOND, answers::add);
        assertThat(answers).hasSize(KeyMaterialExchange.REQUEST_BURST + 1);
    }

    private boolean decrypts(byte[] key, byte[] withSalt) throws Exception {
        byte[] plain = "sixteen bytes!!!and a few more".getBytes();
        byte[] iv = new byte[16];
        System.arraycopy(withSalt, 0, iv, 0, 14);
        iv[13] ^= 9; // packet index 9
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        ByteBuf payload = Unpooled.wrappedBuffer(c.doFinal(plain));
        if (!decryptor.decryptInPlace(9, EncryptionKey.EVEN, payload)) {
            return false;
        }
        byte[] out = new byte[payload.readableBytes()];
        payload.getBytes(0, out);
        return java.util.Arrays.equals(out, plain);
    }

    private static KeyMaterial wrap(byte[] salt, byte[] key) {
        return new KeyMaterial(
                EncryptionKey.EVEN, 16, salt, KeyWrap.wrap(KeyEncryptingKey.derive(PASSPHRASE, salt, 16), key));
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[16];
        java.util.Arrays.fill(k, (byte) seed);
        return k;
    }
}
