package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.storage.LocalStorage;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.PlaylistTail;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * What a live transcode tells the gateway of each change keeps the parts of its recent complete segments: hls.js
 * loads parts only while the playlist lists parts behind its buffer, so a playlist with parts for the open segment
 * alone sends it back to whole segments at each segment boundary (a stall each 2 s near the edge, ~3 s latency).
 */
class LivePlaylistTailTest {
    @TempDir
    Path tmp;

    @Test
    void theTailsCompleteSegmentsCarryTheirParts() throws Exception {
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        List<PlaylistTail> source = new CopyOnWriteArrayList<>();
        TranscoderLiveInput input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(Files.createDirectories(tmp.resolve("work"))),
                storage,
                new SimpleMeterRegistry(),
                (session, renditions) -> {},
                (session, rendition, tail) -> {
                    if (rendition.equals("source")) {
                        source.add(tail);
                    }
                });
        Path ts = TestMedia.transportStream(tmp, 1280, 720, 7, true, false);
        TestMedia.feedRealTime(
                input.open(new LiveSessionInfo("a", "s1", false, Instant.now(), "127.0.0.1:1", 120, false)), ts, 7);

        PlaylistTail withTwo = source.stream()
                .filter(t -> t.segments().size() >= 2 && !t.ended())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tail with two complete segments among " + source.size()));
        for (HlsSegment s : withTwo.segments()) {
            assertThat(s.parts())
                    .as("parts of complete segment %d", s.sequence())
                    .isNotEmpty();
            assertThat(s.parts().get(0).independent()).isTrue();
        }
        HlsChecks.assertNoTranscoderThreads();
    }
}
