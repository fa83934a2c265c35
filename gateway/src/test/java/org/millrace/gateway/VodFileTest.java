package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.core.bus.VideoPlayback;

class VodFileTest {
    private static final VideoPlayback VIDEO = new VideoPlayback(
            "v1",
            "public",
            "u1",
            "live/s1/sess1/",
            "vod.m3u8",
            "recordings/r1/video.mp4",
            "recordings/r1/poster.jpg",
            "recordings/r1/thumbs/");

    private static Optional<String> key(String path, VideoPlayback video) {
        return VodFile.of(path)
                .orElseThrow(() -> new AssertionError("refused: " + path))
                .key(video);
    }

    @Test
    void eachAllowedPathMapsToItsStorageKey() {
        assertThat(key("master.m3u8", VIDEO)).hasValue("live/s1/sess1/vod.m3u8");
        assertThat(key("720p/vod.m3u8", VIDEO)).hasValue("live/s1/sess1/720p/vod.m3u8");
        assertThat(key("audio/vod.m3u8", VIDEO)).hasValue("live/s1/sess1/audio/vod.m3u8");
        assertThat(key("720p/init-0.mp4", VIDEO)).hasValue("live/s1/sess1/720p/init-0.mp4");
        assertThat(key("source/123.m4s", VIDEO)).hasValue("live/s1/sess1/source/123.m4s");
        assertThat(key("video.mp4", VIDEO)).hasValue("recordings/r1/video.mp4");
        assertThat(key("poster.jpg", VIDEO)).hasValue("recordings/r1/poster.jpg");
        assertThat(key("thumbs/7.jpg", VIDEO)).hasValue("recordings/r1/thumbs/7.jpg");
    }

    @Test
    void missingFilesOfAVideoHaveNoKey() {
        VideoPlayback bare = new VideoPlayback("v2", "public", "u1", null, null, "recordings/r2/video.mp4", null, null);
        assertThat(key("master.m3u8", bare)).isEmpty();
        assertThat(key("720p/1.m4s", bare)).isEmpty();
        assertThat(key("poster.jpg", bare)).isEmpty();
        assertThat(key("thumbs/0.jpg", bare)).isEmpty();
        VideoPlayback noSlash = new VideoPlayback("v3", "public", "u1", "live/s/x", "vod.m3u8", null, null, "t");
        assertThat(key("master.m3u8", noSlash)).hasValue("live/s/x/vod.m3u8");
        assertThat(key("thumbs/1.jpg", noSlash)).hasValue("t/1.jpg");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "index.m3u8",
                "720p/index.m3u8",
                "vod.m3u8",
                "thumb.jpg",
                "thumbs/a.jpg",
                "thumbs/1.png",
                "720p/init.mp4",
                "720p/seg1.m4s",
                "720p/1.ts",
                "a/b/1.m4s",
                "video.mp4.bak",
                "poster.jpeg",
                "_x/1.m4s",
                "720p/vod.m3u8/x",
                "recordings/r1/video.mp4",
                "master.m3u8x"
            })
    void everythingElseIsRefused(String path) {
        assertThat(VodFile.of(path)).isEmpty();
    }

    @Test
    void publicFilesAreSharedAndPrivateOnesKeptByTheViewerUntilTheTokenExpires() {
        assertThat(VodFile.of("master.m3u8").orElseThrow().media(false, 0))
                .isEqualTo(new MediaFile("application/vnd.apple.mpegurl", "public, max-age=60"));
        assertThat(VodFile.of("720p/vod.m3u8").orElseThrow().media(false, 0).cacheControl())
                .isEqualTo("public, max-age=60");
        assertThat(VodFile.of("720p/1.m4s").orElseThrow().media(false, 0))
                .isEqualTo(new MediaFile("video/mp4", "public, max-age=60"));
        assertThat(VodFile.of("720p/init-1.mp4").orElseThrow().media(false, 0).cacheControl())
                .isEqualTo("public, max-age=60");
        assertThat(VodFile.of("video.mp4").orElseThrow().media(false, 0).cacheControl())
                .isEqualTo("public, max-age=60");
        assertThat(VodFile.of("poster.jpg").orElseThrow().media(false, 0))
                .isEqualTo(new MediaFile("image/jpeg", "public, max-age=60"));
        assertThat(VodFile.of("thumbs/3.jpg").orElseThrow().media(false, 0).cacheControl())
                .isEqualTo("public, max-age=60");
        assertThat(VodFile.of("720p/1.m4s").orElseThrow().media(true, 14_400).cacheControl())
                .isEqualTo("private, max-age=3600");
        assertThat(VodFile.of("master.m3u8").orElseThrow().media(true, 90).cacheControl())
                .isEqualTo("private, max-age=90");
    }
}
