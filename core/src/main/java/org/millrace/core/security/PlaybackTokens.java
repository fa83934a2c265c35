package org.millrace.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed playback tokens for private videos: {@code <expiry epoch seconds>.<HMAC>} over the video id, carried as
 * {@code ?token=} on every {@code /vod/<videoId>/...} URL, so a player needs no headers and a cache can keep the
 * responses per URL. Expiries are rounded up to a bucket so the URLs of one video stay the same for a while.
 */
public final class PlaybackTokens {
    public static final String QUERY_PARAM = "token";
    private static final Duration BUCKET = Duration.ofMinutes(15);

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;

    public PlaybackTokens(byte[] serverSecret, Duration lifetime, Clock clock) {
        // Derived, so a playback token can never pass as anything else signed with the server secret.
        this.key = hmac(serverSecret, "millrace-playback-token-v1".getBytes(StandardCharsets.UTF_8));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public PlaybackTokens(byte[] serverSecret) {
        this(serverSecret, Duration.ofHours(4), Clock.systemUTC());
    }

    /** A token for {@code videoId}, valid for at least the lifetime. */
    public String issue(String videoId) {
        long bucket = BUCKET.toSeconds();
        long expiry = (clock.instant().plus(lifetime).getEpochSecond() / bucket + 1) * bucket;
        return expiry + "." + signature(videoId, expiry);
    }

    /** Whether {@code token} was issued for {@code videoId} and has not expired. */
    public boolean verify(String videoId, String token) {
        if (token == null || videoId == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 12) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Instant.ofEpochSecond(expiry).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(
                signature(videoId, expiry).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Seconds until the token expires (0 when it has or is not a token). */
    public long secondsLeft(String token) {
        try {
            long expiry = Long.parseLong(token.substring(0, token.indexOf('.')));
            return Math.max(0, expiry - clock.instant().getEpochSecond());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private String signature(String videoId, long expiry) {
        byte[] mac = hmac(key, ("vod:" + videoId + ":" + expiry).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).substring(0, 32);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "PlaybackTokens[hidden]";
    }
}
