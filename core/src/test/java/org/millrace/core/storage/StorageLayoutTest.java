package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageLayoutTest {
    @Test
    void liveSessionsLieUnderTheirStreamAndSession() {
        assertThat(StorageLayout.liveSession("st-1", "se-1")).isEqualTo("live/st-1/se-1/");
        assertThat(StorageLayout.liveFile("st-1", "se-1", "720p/index.m3u8"))
                .isEqualTo("live/st-1/se-1/720p/index.m3u8");
        assertThat(StorageLayout.liveFile("st-1", "se-1", StorageLayout.LIVE_MASTER))
                .isEqualTo("live/st-1/se-1/master.m3u8");
        assertThat(StorageLayout.liveFile("st-1", "se-1", StorageLayout.LIVE_THUMBNAIL))
                .isEqualTo("live/st-1/se-1/thumb.jpg");
    }

    @Test
    void recordingsKeepEverythingInTheirOwnFolder() {
        assertThat(StorageLayout.recording("r-1")).isEqualTo("recordings/r-1/");
        assertThat(StorageLayout.recordingMp4("r-1")).isEqualTo("recordings/r-1/video.mp4");
        assertThat(StorageLayout.recordingPoster("r-1")).isEqualTo("recordings/r-1/poster.jpg");
        assertThat(StorageLayout.recordingThumbnails("r-1")).isEqualTo("recordings/r-1/thumbs/");
        for (String key : new String[] {StorageLayout.recordingMp4("r-1"), StorageLayout.recordingPoster("r-1")}) {
            assertThat(key).startsWith(StorageLayout.recording("r-1"));
            assertThat(StorageKeys.validate(key)).isEqualTo(key);
        }
    }

    @Test
    void noIdReachesOutsideItsFolder() {
        for (String bad : new String[] {null, "", ".", "..", "a/b", "../x"}) {
            assertThatThrownBy(() -> StorageLayout.liveSession(bad, "se-1"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StorageLayout.liveSession("st-1", bad))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StorageLayout.recording(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
