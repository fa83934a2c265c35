package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.testing.S3ProxyServer;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** The same pipeline writing to S3 (S3Proxy in-process): segments, playlists and master land in the bucket. */
class S3LiveTranscodeTest {
    @TempDir
    Path tmp;

    @Test
    void aPublishLandsInAnS3Bucket() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 5, true, false);
        try (S3ProxyServer s3 = S3ProxyServer.start();
                S3Storage storage = new S3Storage(s3.settings("live"))) {
            TranscoderLiveInput input = new TranscoderLiveInput(
                    TranscoderSettings.defaults().withWorkDir(Files.createDirectories(tmp.resolve("work"))),
                    storage,
                    new SimpleMeterRegistry());
            TestMedia.feedRealTime(
                    input.open(new LiveSessionInfo("s3", "s", false, Instant.now(), "x", 120, false)), ts, 5);
            input.endSession("s3", "s").get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(HlsChecks.text(storage, "live/s3/s/master.m3u8"))
                    .contains("source/index.m3u8")
                    .contains("360p/index.m3u8")
                    .contains("audio/index.m3u8");
            for (String rendition : List.of("source", "360p", "audio")) {
                String dir = "live/s3/s/" + rendition + "/";
                String playlist = HlsChecks.text(storage, dir + "index.m3u8");
                assertThat(playlist).endsWith("#EXT-X-ENDLIST\n");
                List<HlsChecks.Entry> entries = HlsChecks.entries(playlist);
                assertThat(entries).isNotEmpty();
                for (HlsChecks.Entry e : entries) {
                    assertThat(storage.stat(dir + e.uri())).as(dir + e.uri()).isPresent();
                }
                assertThat(storage.stat(dir + "init-0.mp4")).isPresent();
            }
            assertThat(storage.stat("live/s3/s/thumb.jpg")).isPresent();
            HlsChecks.assertNoTranscoderThreads();
        }
    }
}
