package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaylistTokenRewriterTest {
    private static final String TOKEN = "1763740800.abcDEF_-0123456789abcdef0123456789ab";

    @Test
    void masterPlaylistVariantsAndAudioRenditionCarryTheToken() {
        String master =
                """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="audio/vod.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                480p/vod.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
                720p/vod.m3u8
                """;
        assertThat(PlaylistTokenRewriter.rewrite(master, "token", TOKEN))
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="audio/vod.m3u8?token=%s"
                #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                480p/vod.m3u8?token=%s
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
                720p/vod.m3u8?token=%s
                """
                                .formatted(TOKEN, TOKEN, TOKEN));
    }

    @Test
    void mediaPlaylistSegmentsAndInitSegmentsCarryTheToken() {
        String media = "#EXTM3U\r\n#EXT-X-PLAYLIST-TYPE:VOD\r\n#EXT-X-MAP:URI=\"init-0.mp4\"\r\n"
                + "#EXTINF:2.000,\r\n17.m4s\r\n# a comment with URI=\"x\"\r\n\r\n"
                + "#EXT-X-DISCONTINUITY\r\n#EXT-X-MAP:URI=\"init-1.mp4\",BYTERANGE=\"720@0\"\r\n"
                + "#EXTINF:2.000,\r\n  18.m4s  \r\n#EXT-X-ENDLIST\r\n";
        String t = "?token=" + TOKEN;
        assertThat(PlaylistTokenRewriter.rewrite(media, "token", TOKEN))
                .isEqualTo("#EXTM3U\r\n#EXT-X-PLAYLIST-TYPE:VOD\r\n#EXT-X-MAP:URI=\"init-0.mp4" + t + "\"\r\n"
                        + "#EXTINF:2.000,\r\n17.m4s" + t + "\r\n# a comment with URI=\"x\"\r\n\r\n"
                        + "#EXT-X-DISCONTINUITY\r\n#EXT-X-MAP:URI=\"init-1.mp4" + t + "\",BYTERANGE=\"720@0\"\r\n"
                        + "#EXTINF:2.000,\r\n18.m4s" + t + "\r\n#EXT-X-ENDLIST\r\n");
    }

    @Test
    void existingQueriesAndFragmentsAreKeptAndOtherSitesNeverGetTheToken() {
        String playlist =
                """
                #EXTM3U
                #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1"
                a.m4s?part=1
                b.m4s#t=2
                /vod/v1/480p/c.m4s
                https://cdn.example.com/d.m4s
                data:video/mp4;base64,AAAA
                """;
        assertThat(PlaylistTokenRewriter.rewrite(playlist, "token", "1.a+b/c"))
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1"
                a.m4s?part=1&token=1.a%2Bb%2Fc
                b.m4s?token=1.a%2Bb%2Fc#t=2
                /vod/v1/480p/c.m4s?token=1.a%2Bb%2Fc
                https://cdn.example.com/d.m4s
                data:video/mp4;base64,AAAA
                """);
    }

    @Test
    void aLowLatencyPlaylistsPartsPreloadHintAndRenditionReportsCarryTheToken() {
        LivePlaylistWriter w = new LivePlaylistWriter().segment(0).open(1, 1);
        String text = w.playlist.render(
                new RenderOptions(true, java.util.List.of(new RenditionReport("../480p/index.m3u8", 1, 0))));
        String rewritten = PlaylistTokenRewriter.rewrite(text, "token", "t1");
        assertThat(rewritten)
                .contains(
                        "#EXT-X-MAP:URI=\"init-0.mp4?token=t1\"\n",
                        "#EXT-X-PART:DURATION=0.333,URI=\"0.0.m4s?token=t1\",INDEPENDENT=YES\n",
                        "\n0.m4s?token=t1\n",
                        "#EXT-X-PART:DURATION=0.333,URI=\"1.0.m4s?token=t1\",INDEPENDENT=YES\n",
                        "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"1.1.m4s?token=t1\"\n",
                        "#EXT-X-RENDITION-REPORT:URI=\"../480p/index.m3u8?token=t1\",LAST-MSN=1,LAST-PART=0\n");
        assertThat(rewritten.replace("?token=t1", "")).isEqualTo(text);
    }

    @Test
    void aPlaylistWithoutUrisIsUnchanged() {
        String empty = "#EXTM3U\n#EXT-X-ENDLIST";
        assertThat(PlaylistTokenRewriter.rewrite(empty, "token", TOKEN)).isEqualTo(empty);
    }
}
