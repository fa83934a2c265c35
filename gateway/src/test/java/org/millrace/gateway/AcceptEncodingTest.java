package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
    @Test
    void readsWhetherGzipIsAccepted() {
        assertThat(AcceptEncoding.accepts(null)).isFalse();
        assertThat(AcceptEncoding.accepts("")).isFalse();
        assertThat(AcceptEncoding.accepts("gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("br, GZIP;q=0.5, deflate")).isTrue();
        assertThat(AcceptEncoding.accepts("gzip;q=0")).isFalse();
        assertThat(AcceptEncoding.accepts("gzip; q=0.000")).isFalse();
        assertThat(AcceptEncoding.accepts("gzip;q=nonsense")).isFalse();
        assertThat(AcceptEncoding.accepts("deflate, br")).isFalse();
        assertThat(AcceptEncoding.accepts("*")).isTrue();
        assertThat(AcceptEncoding.accepts("x-gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("identity")).isFalse();
    }

    @Test
    void compressesToWhatDecompressesBack() throws Exception {
        byte[] text = "#EXTM3U\n#EXTINF:2.000,\n0.m4s\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] gzip = AcceptEncoding.compress(text);
        assertThat(gzip.length).isLessThan(text.length / 10);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes())
                .isEqualTo(text);
    }
}
