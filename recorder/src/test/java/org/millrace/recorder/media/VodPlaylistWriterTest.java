package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VOD media playlists from an inventory, and the VOD master from the live one. */
class VodPlaylistWriterTest {
    private static final String P = "live/s/x/source/";

    @Test
    void listsEachSegmentOnceAndMarksGapsAndEachNewInitAsDiscontinuities() {
        SessionInventory.Init first = new SessionInventory.Init(0, P + "init-0.mp4");
        SessionInventory.Init second = new SessionInventory.Init(4, P + "init-4.mp4");
        SessionInventory.Rendition r = new SessionInventory.Rendition("source", List.of(first, second), List.of(
                seg(0, 2.0, first), seg(1, 2.0, first), seg(3, 2.6, first), seg(4, 2.0, second), seg(5, 1.2, second)));
        assertThat(VodPlaylistWriter.media(r)).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:3
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXTINF:2.000,
                0.m4s
                #EXTINF:2.000,
                1.m4s
                #EXT-X-DISCONTINUITY
                #EXTINF:2.600,
                3.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="init-4.mp4"
                #EXTINF:2.000,
                4.m4s
                #EXTINF:1.200,
                5.m4s
                #EXT-X-ENDLIST
                """);
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.durationSeconds()).isEqualTo(9.8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theVodMasterIsTheLiveOnePointingToTheVodPlaylists() {
        LiveMaster live = LiveMaster.parse("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                360p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2400000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aac"
                source/index.m3u8
                """);
        assertThat(live.audioRendition()).isEqualTo("audio");
        assertThat(live.top().rendition()).isEqualTo("source");
        assertThat(live.top().width()).isEqualTo(1280);
        assertThat(live.top().attributes()).containsEntry("CODECS", "avc1.64001f,mp4a.40.2");
        String vod = live.pointingTo("vod.m3u8");
        assertThat(vod).contains("URI=\"audio/vod.m3u8\"", "\n360p/vod.m3u8\n", "\nsource/vod.m3u8\n",
                "CODECS=\"avc1.64001f,mp4a.40.2\"").doesNotContain("index.m3u8");
    }

    private static SessionInventory.Segment seg(long sequence, double seconds, SessionInventory.Init init) {
        return new SessionInventory.Segment(sequence, P + sequence + ".m4s", 1000, seconds, init);
    }
}
