package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VOD media playlists from the stored segments, and VOD masters (the live one pointing elsewhere, or a fallback). */
class VodPlaylistWriterTest {

    @Test
    void listsEachSegmentOnceAndMarksGapsAndEachNewInitAsDiscontinuities() {
        List<VodPlaylistWriter.Segment> r = List.of(
                seg(0, 2.0, "init-0.mp4"),
                seg(1, 2.0, "init-0.mp4"),
                seg(3, 2.6, "init-0.mp4"),
                seg(4, 2.0, "init-4.mp4"),
                seg(5, 1.2, "init-4.mp4"));
        assertThat(VodPlaylistWriter.media(r))
                .isEqualTo(
                        """
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
        assertThatThrownBy(() -> VodPlaylistWriter.media(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFallbackMasterListsEachRenditionByBandwidth() {
        assertThat(VodPlaylistWriter.master(List.of(
                        new VodPlaylistWriter.Stream("source/vod.m3u8", 2_400_000),
                        new VodPlaylistWriter.Stream("audio/vod.m3u8", 128_000))))
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2400000
                source/vod.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=128000
                audio/vod.m3u8
                """);
    }

    @Test
    void theMasterTheTranscoderWritesReadsBack() {
        String text = MasterPlaylist.render(
                List.of(
                        new Variant("source/index.m3u8", 2_600_000, 2_400_000, 1280, 720, 30, "avc1.64001f,mp4a.40.2"),
                        new Variant("360p/index.m3u8", 900_000, 800_000, 640, 360, 30, "avc1.64001e,mp4a.40.2")),
                "audio/index.m3u8");
        ParsedMasterPlaylist read = ParsedMasterPlaylist.parse(text);
        assertThat(read.variants())
                .extracting(ParsedMasterPlaylist.VariantEntry::rendition)
                .containsExactly("source", "360p");
        assertThat(read.top().height()).isEqualTo(720);
        assertThat(read.top().attributes())
                .containsEntry("FRAME-RATE", "30.000")
                .containsEntry("AUDIO", "aac");
        assertThat(read.audioRendition()).isEqualTo("audio");
        assertThat(ParsedMasterPlaylist.parse(MasterPlaylist.render(List.of(), null))
                        .top())
                .isNull();
        assertThatThrownBy(() -> ParsedMasterPlaylist.parse("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=lots\nx/i.m3u8\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVodMasterIsTheLiveOnePointingToTheVodPlaylists() {
        ParsedMasterPlaylist live = ParsedMasterPlaylist.parse(
                """
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
        assertThat(vod)
                .contains(
                        "URI=\"audio/vod.m3u8\"",
                        "\n360p/vod.m3u8\n",
                        "\nsource/vod.m3u8\n",
                        "CODECS=\"avc1.64001f,mp4a.40.2\"")
                .doesNotContain("index.m3u8");
    }

    private static VodPlaylistWriter.Segment seg(long sequence, double seconds, String init) {
        return new VodPlaylistWriter.Segment(sequence, seconds, sequence + ".m4s", init);
    }
}
