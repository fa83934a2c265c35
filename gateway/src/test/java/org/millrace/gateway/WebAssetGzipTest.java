package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebAssetGzipTest {
    @Test
    void onlyTextFilesAreWorthCompressing() {
        assertThat(WebAssetGzip.contentType("/index.html")).startsWith("text/html");
        assertThat(WebAssetGzip.contentType("/assets/app-1.js")).startsWith("text/javascript");
        assertThat(WebAssetGzip.contentType("/assets/app-1.css")).startsWith("text/css");
        assertThat(WebAssetGzip.contentType("/assets/logo.png")).isNull();
        assertThat(WebAssetGzip.contentType("/assets.d/noext")).isNull();
        assertThat(WebAssetGzip.contentType("/")).isNull();
    }

    @Test
    void namesAFileSystemCouldMisreadAreRefused() {
        assertThat(WebAssetGzip.plainName("/assets/app-0123abcd.js")).isTrue();
        assertThat(WebAssetGzip.plainName("/index.html")).isTrue();
        assertThat(WebAssetGzip.plainName("/../etc/passwd.txt")).isFalse();
        assertThat(WebAssetGzip.plainName("/assets/.hidden.js")).isFalse();
        assertThat(WebAssetGzip.plainName("/assets//app.js")).isFalse();
        assertThat(WebAssetGzip.plainName("/assets/a%2e.js")).isFalse();
        assertThat(WebAssetGzip.plainName("/assets/a\\b.js")).isFalse();
        assertThat(WebAssetGzip.plainName("/assets/")).isFalse();
        assertThat(WebAssetGzip.plainName("assets/app.js")).isFalse();
        assertThat(WebAssetGzip.plainName("/" + "a".repeat(300) + ".js")).isFalse();
    }
}
