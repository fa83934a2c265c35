package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageKeysTest {

    @Test
    void acceptsOrdinaryKeys() {
        assertThat(StorageKeys.validate("live/s1/720p/seg00042.m4s")).isEqualTo("live/s1/720p/seg00042.m4s");
        assertThat(StorageKeys.validate("a..b/c.d")).isEqualTo("a..b/c.d");
        assertThat(StorageKeys.validate("x".repeat(1024))).hasSize(1024);
    }

    @Test
    void limitCountsUtf8Bytes() {
        assertThatThrownBy(() -> StorageKeys.validate("é".repeat(513))).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void prefixesMayBeEmptyOrEndWithSlash() {
        assertThat(StorageKeys.validatePrefix("")).isEmpty();
        assertThat(StorageKeys.validatePrefix("live/")).isEqualTo("live/");
        assertThat(StorageKeys.validatePrefix("live/s")).isEqualTo("live/s");
        assertThatThrownBy(() -> StorageKeys.validatePrefix("live//")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> StorageKeys.validatePrefix("../")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void messagesDoNotCarryRawControlCharacters() {
        assertThatThrownBy(() -> StorageKeys.validate("a\u0000b"))
                .hasMessageContaining("a\\u0000b")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void mediaTypesByExtension() {
        assertThat(MediaTypes.forKey("live/x/index.m3u8")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(MediaTypes.forKey("a.TS")).isEqualTo("video/mp2t");
        assertThat(MediaTypes.forKey("a.m4s")).isEqualTo("video/iso.segment");
        assertThat(MediaTypes.forKey("a.jpeg")).isEqualTo("image/jpeg");
        assertThat(MediaTypes.forKey("subs/en.vtt")).isEqualTo("text/vtt");
        assertThat(MediaTypes.forKey("dir.d/noext")).isEqualTo("application/octet-stream");
        assertThat(MediaTypes.forKey(".json")).isEqualTo("application/octet-stream");
        assertThat(MediaTypes.orForKey(null, "a.png")).isEqualTo("image/png");
        assertThat(MediaTypes.orForKey("text/plain", "a.png")).isEqualTo("text/plain");
    }
}
