package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.millrace.core.security.PublishRequest;

/** Keys, their stored hash, sealed passphrases and cursors. */
class StreamSecretsTest {
    private static final byte[] SECRET = "a-server-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "another-server-secret-of-32-characters!!".getBytes(StandardCharsets.UTF_8);

    private final StreamKeys keys = new StreamKeys(SECRET, new SecureRandom());

    @Test
    void keysAreUniqueUrlSafeAndAcceptedAsSrtStreamIds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = keys.newKey();
            assertThat(key).matches("[A-Za-z0-9_-]{43}");
            assertThat(PublishRequest.parse("publish:" + key)).contains(new PublishRequest(key));
            assertThat(seen.add(key)).isTrue();
            assertThat(org.millrace.core.security.PublicIds.looksLikeId(keys.newId()))
                    .isTrue();
        }
    }

    @Test
    void theStoredHashDependsOnTheKeyAndTheServerSecret() {
        String key = keys.newKey();
        assertThat(keys.hash(key)).hasSize(32).isEqualTo(keys.hash(key)).isNotEqualTo(keys.hash(keys.newKey()));
        assertThat(new StreamKeys(OTHER, new SecureRandom()).hash(key)).isNotEqualTo(keys.hash(key));
        assertThat(keys.hash(key))
                .as("the hashing key is derived, not the secret itself")
                .isNotEqualTo(DerivedKey.hmacSha256(SECRET, key.getBytes(StandardCharsets.US_ASCII)));
        assertThat(keys.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }

    @Test
    void passphrasesRoundTripOnlyForTheirStreamAndServerSecret() {
        PassphraseCipher cipher = new PassphraseCipher(SECRET, new SecureRandom());
        String sealed = cipher.encrypt("stream-1", "my passphrase 'x'");
        assertThat(sealed).doesNotContain("passphrase").startsWith("v1:");
        assertThat(cipher.encrypt("stream-1", "my passphrase 'x'"))
                .as("random IV")
                .isNotEqualTo(sealed);
        assertThat(cipher.decrypt("stream-1", sealed)).isEqualTo("my passphrase 'x'");
        assertThatThrownBy(() -> cipher.decrypt("stream-2", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PassphraseCipher(OTHER, new SecureRandom()).decrypt("stream-1", sealed))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("stream-1", "v1:AAAA")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("stream-1", "plain")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void srtUrlsCarryTheKeyAndThePassphraseAsIs() {
        IngestUrls urls = new IngestUrls("live.example.com", 8890);
        assertThat(urls.publishUrl("KEY_abc-123", null))
                .isEqualTo("srt://live.example.com:8890?streamid=publish:KEY_abc-123");
        // Passphrases are URL-safe by construction (StreamInput), and libsrt callers do not percent-decode.
        assertThat(urls.publishUrl("KEY_abc-123", "Pass_word.~-123"))
                .isEqualTo(
                        "srt://live.example.com:8890?streamid=publish:KEY_abc-123&passphrase=Pass_word.~-123&pbkeylen=16");
        assertThat(urls.playbackUrl("abc")).isEqualTo("/live/abc/master.m3u8");
    }
}
