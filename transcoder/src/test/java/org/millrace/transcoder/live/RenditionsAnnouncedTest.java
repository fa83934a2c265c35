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
import org.millrace.core.media.RenditionInfo;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/** The renditions listener hears what the master playlist lists, once it is stored. */
class RenditionsAnnouncedTest {
    @TempDir
    Path tmp;

    @Test
    void theMasterPlaylistsRenditionsAreAnnouncedOnceStored() throws Exception {
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        List<List<RenditionInfo>> heard = new CopyOnWriteArrayList<>();
        List<Boolean> masterStoredFirst = new CopyOnWriteArrayList<>();
        TranscoderLiveInput input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(Files.createDirectories(tmp.resolve("work"))),
                storage,
                new SimpleMeterRegistry(),
                (session, renditions) -> {
                    heard.add(renditions);
                    masterStoredFirst.add(storage.stat("live/a/s1/master.m3u8").isPresent());
                });
        Path ts = TestMedia.transportStream(tmp, 1280, 720, 5, true, false);
        TestMedia.feedRealTime(
                input.open(new LiveSessionInfo("a", "s1", false, Instant.now(), "127.0.0.1:1", 120, false)), ts, 5);

        assertThat(heard).hasSize(1);
        assertThat(masterStoredFirst).containsExactly(true);
        assertThat(heard.get(0)).extracting(RenditionInfo::name).containsExactly("source", "480p", "360p");
        RenditionInfo source = heard.get(0).get(0);
        assertThat(source.width()).isEqualTo(1280);
        assertThat(source.height()).isEqualTo(720);
        assertThat(source.bandwidth()).isPositive();
        assertThat(heard.get(0).get(2).height()).isEqualTo(360);
        HlsChecks.assertNoTranscoderThreads();
    }
}
