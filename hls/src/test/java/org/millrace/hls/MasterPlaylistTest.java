package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MasterPlaylistTest {
    @Test
    void listsVariantsWithTheirAttributesAndTheSharedAudio() {
        String text = MasterPlaylist.render(
                List.of(new Variant("480p/index.m3u8", 1_700_000, 1_540_000, 854, 480, 30, "avc1.64001e,mp4a.40.2")),
                "audio/index.m3u8");
        assertThat(text)
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1700000,AVERAGE-BANDWIDTH=1540000,RESOLUTION=854x480,FRAME-RATE=30.000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                480p/index.m3u8
                """);
    }

    @Test
    void withoutAudioNoMediaTagIsWritten() {
        String text = MasterPlaylist.render(
                List.of(new Variant("360p/index.m3u8", 900_000, 800_000, 640, 360, 25, "avc1.64001e")), null);
        assertThat(text).doesNotContain("EXT-X-MEDIA:").doesNotContain("AUDIO=");
    }

    @Test
    void codecStringsCarryProfileAndTheSmallestFittingLevel() {
        assertThat(H264Codecs.levelFor(640, 360, 30)).isEqualTo(30);
        assertThat(H264Codecs.levelFor(1280, 720, 30)).isEqualTo(31);
        assertThat(H264Codecs.levelFor(1280, 720, 60)).isEqualTo(32);
        assertThat(H264Codecs.levelFor(1920, 1080, 30)).isEqualTo(40);
        assertThat(H264Codecs.avc1(H264Codecs.PROFILE_HIGH, 0, 31)).isEqualTo("avc1.64001f");
        assertThat(H264Codecs.levelName(31)).isEqualTo("3.1");
    }

    @Test
    void theCodecsStringOfASourceComesFromItsSequenceParameterSet() {
        byte[] annexB = {0, 0, 0, 1, 0x09, (byte) 0xf0, 0, 0, 0, 1, 0x67, 0x42, (byte) 0xc0, 0x1f, 0x11, 0, 0, 1, 0x68};
        assertThat(H264Codecs.fromAnnexB(annexB)).isEqualTo("avc1.42c01f");
        assertThat(H264Codecs.fromAnnexB(new byte[] {0, 0, 1, 0x65, 1, 2, 3, 4}))
                .isNull();
    }
}
