package org.millrace.srt.handshake;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless SYN cookies for the induction phase: a MAC of the caller's address and the current minute under a
 * per-listener random secret. A conclusion must bring back a cookie made for its address in the last two minutes,
 * so no state is kept for a caller until it proves it receives our answers.
 */
public final class SynCookies {
    private static final long BUCKET_MILLIS = 60_000;
    private final Mac mac;

    public SynCookies(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public int cookie(InetSocketAddress peer, long nowMillis) {
        return compute(peer, nowMillis / BUCKET_MILLIS);
    }

    public boolean verify(InetSocketAddress peer, int cookie, long nowMillis) {
        long bucket = nowMillis / BUCKET_MILLIS;
        return cookie == compute(peer, bucket) || cookie == compute(peer, bucket - 1);
    }

    private int compute(InetSocketAddress peer, long bucket) {
        byte[] address = peer.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(address.length + 12);
        input.put(address).putInt(peer.getPort()).putLong(bucket);
        byte[] digest = mac.doFinal(input.array());
        return ByteBuffer.wrap(digest).getInt();
    }
}
