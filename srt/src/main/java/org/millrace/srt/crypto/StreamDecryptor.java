package org.millrace.srt.crypto;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.millrace.srt.packet.EncryptionKey;

/**
 * The receiving side's crypto state for one connection: the passphrase-derived keys in use (even and odd, so the
 * sender can re-key without a gap) and AES-CTR decryption of payloads in place. One instance per connection, used
 * from its event loop only.
 */
public final class StreamDecryptor {
    private final Cipher cipher;
    private byte[] salt;
    private SecretKeySpec even;
    private SecretKeySpec odd;
    private final byte[] iv = new byte[16];

    /** Starts with the keys of the caller's handshake key material. */
    public StreamDecryptor(StreamKeys keys) {
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR unavailable", e);
        }
        install(keys);
    }

    /** Derives and unwraps in one go (slow: PBKDF2); fails when the passphrase does not match. */
    public static StreamDecryptor fromHandshake(String passphrase, KeyMaterial km) throws InvalidKeyMaterialException {
        return new StreamDecryptor(KeyEncryptingKey.deriveFor(passphrase, km).unwrap(km));
    }

    /** Takes new keys announced by the sender (in-band KMREQ): the ones it carries replace ours, the others stay. */
    public void install(StreamKeys keys) {
        salt = keys.salt();
        if (keys.even() != null) {
            even = keys.even();
        }
        if (keys.odd() != null) {
            odd = keys.odd();
        }
    }

    /**
     * Decrypts {@code payload} in place. Returns false when the packet uses a key we have not received (the packet
     * is then undecryptable and counted as such by the caller).
     */
    public boolean decryptInPlace(int sequenceNumber, EncryptionKey key, ByteBuf payload) {
        SecretKeySpec sek = key == EncryptionKey.EVEN ? even : key == EncryptionKey.ODD ? odd : null;
        if (sek == null) {
            return false;
        }
        Arrays.fill(iv, (byte) 0);
        iv[10] = (byte) (sequenceNumber >>> 24);
        iv[11] = (byte) (sequenceNumber >>> 16);
        iv[12] = (byte) (sequenceNumber >>> 8);
        iv[13] = (byte) sequenceNumber;
        for (int i = 0; i < 14; i++) {
            iv[i] ^= salt[i];
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, sek, new IvParameterSpec(iv));
            if (payload.nioBufferCount() == 1) {
                // A view sharing the payload's memory: CTR decrypts in place.
                ByteBuffer view = payload.nioBuffer(payload.readerIndex(), payload.readableBytes());
                cipher.doFinal(view, view.duplicate());
            } else {
                byte[] bytes = new byte[payload.readableBytes()];
                payload.getBytes(payload.readerIndex(), bytes);
                payload.setBytes(payload.readerIndex(), cipher.doFinal(bytes));
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
