package org.millrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {
    private static final byte[] SECRET = "a-server-secret-of-at-least-32-chars!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static PlaybackTokens at(Instant now) {
        return new PlaybackTokens(SECRET, Duration.ofHours(4), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenPlaysOnlyItsOwnVideoUntilItExpires() {
        String token = at(NOW).issue("video1");
        assertThat(at(NOW).verify("video1", token)).isTrue();
        assertThat(at(NOW).verify("video2", token)).isFalse();
        assertThat(at(NOW.plus(Duration.ofHours(4))).verify("video1", token)).isTrue();
        assertThat(at(NOW.plus(Duration.ofHours(5))).verify("video1", token)).isFalse();
    }

    @Test
    void tokensOfOneBucketAreTheSameUrl() {
        assertThat(at(NOW).issue("v")).isEqualTo(at(NOW.plusSeconds(60)).issue("v"));
    }

    @Test
    void forgedOrMangledTokensAreRefused() {
        String token = at(NOW).issue("video1");
        String expiry = token.substring(0, token.indexOf('.'));
        String later = String.valueOf(Long.parseLong(expiry) + 86400);
        assertThat(at(NOW).verify("video1", later + token.substring(token.indexOf('.'))))
                .isFalse();
        assertThat(at(NOW).verify("video1", token + "x")).isFalse();
        assertThat(at(NOW).verify("video1", "")).isFalse();
        assertThat(at(NOW).verify("video1", null)).isFalse();
        assertThat(at(NOW).verify("video1", "abc.def")).isFalse();
        PlaybackTokens other = new PlaybackTokens(
                "another-secret-of-at-least-32-chars!!!".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(4),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.verify("video1", token)).isFalse();
    }
}
