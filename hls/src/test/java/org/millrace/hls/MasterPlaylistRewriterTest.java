package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasterPlaylistRewriterTest {

    @Test
    void prefixesRelativeVariantAndMediaUrisWithTheSession() {
        String master =
                """
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="audio/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                480p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
                720p/index.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=200000,URI="720p/iframes.m3u8"
                """;
        assertThat(MasterPlaylistRewriter.rewrite(master, "S1"))
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="S1/audio/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
                S1/480p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
                S1/720p/index.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=200000,URI="S1/720p/iframes.m3u8"
                """);
    }

    @Test
    void leavesAbsoluteUrisCommentsAndLineEndingsAlone() {
        String master = "#EXTM3U\r\n# a comment with URI=\"x\"\r\n#EXT-X-STREAM-INF:BANDWIDTH=1\r\n"
                + "https://cdn.example/a.m3u8\r\n#EXT-X-STREAM-INF:BANDWIDTH=2\r\n/live/x/y.m3u8\r\n\r\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=3\r\n  360p/index.m3u8  ";
        assertThat(MasterPlaylistRewriter.rewrite(master, "abc"))
                .isEqualTo("#EXTM3U\r\n# a comment with URI=\"x\"\r\n"
                        + "#EXT-X-STREAM-INF:BANDWIDTH=1\r\nhttps://cdn.example/a.m3u8\r\n#EXT-X-STREAM-INF:BANDWIDTH=2\r\n"
                        + "/live/x/y.m3u8\r\n\r\n#EXT-X-STREAM-INF:BANDWIDTH=3\r\nabc/360p/index.m3u8");
    }

    @Test
    void attributeNamesEndingInUriAreNotMistakenForIt() {
        String line = "#EXT-X-SESSION-DATA:DATA-ID=\"x\",XURI=\"keep\",URI=\"data.json\"\n";
        assertThat(MasterPlaylistRewriter.rewrite(line, "s"))
                .isEqualTo("#EXT-X-SESSION-DATA:DATA-ID=\"x\",XURI=\"keep\",URI=\"s/data.json\"\n");
    }
}
