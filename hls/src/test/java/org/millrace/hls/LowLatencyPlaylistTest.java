package org.millrace.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.millrace.hls.LivePlaylistWriter.T0;
import static org.millrace.hls.LivePlaylistWriter.TARGET;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LL-HLS conformance of {@link MediaPlaylist#render(RenderOptions)} (RFC 8216bis). */
class LowLatencyPlaylistTest {
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:DURATION=([0-9.]+),URI=\"([^\"]+)\"(.*)");
    private static final RenderOptions DELTA = new RenderOptions(true, List.of());

    private static String parts(long seq, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("#EXT-X-PART:DURATION=0.333,URI=\"")
                    .append(seq)
                    .append('.')
                    .append(i)
                    .append(".m4s\"")
                    .append(i == 0 ? ",INDEPENDENT=YES" : "")
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void aLivePlaylistListsServerControlPartsAPreloadHintAndRenditionReports() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 1).open(2, 2);
        String text = w.playlist.render(new RenderOptions(
                false,
                List.of(
                        new RenditionReport("../720p/index.m3u8", 2, 1),
                        new RenditionReport("../audio/index.m3u8", 1, -1))));
        assertThat(text)
                .isEqualTo(
                        """
                #EXTM3U
                #EXT-X-VERSION:9
                #EXT-X-TARGETDURATION:2
                #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.002,HOLD-BACK=6.000,CAN-SKIP-UNTIL=12.000
                #EXT-X-PART-INF:PART-TARGET=0.334
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z
                """
                                + parts(0, 6)
                                + """
                #EXTINF:2.000,
                0.m4s
                """
                                + parts(1, 6)
                                + """
                #EXTINF:2.000,
                1.m4s
                """
                                + parts(2, 2)
                                + """
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="2.2.m4s"
                #EXT-X-RENDITION-REPORT:URI="../720p/index.m3u8",LAST-MSN=2,LAST-PART=1
                #EXT-X-RENDITION-REPORT:URI="../audio/index.m3u8",LAST-MSN=1
                """);
        // What goes to storage stays classic.
        assertThat(w.playlist.render())
                .doesNotContain("#EXT-X-PART", "PRELOAD", "SERVER-CONTROL", "2.m4s")
                .contains("#EXT-X-VERSION:7\n")
                .endsWith("#EXTINF:2.000,\n1.m4s\n");
    }

    @Test
    void partDurationsNeverExceedThePartTargetEvenWhenAFrameIsLongerThanIt() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 3).open(4, 2);
        // The fixture's parts are 1/3 s: listed as 0.333, a target of 0.334 covers them.
        assertThat(partTarget(w.playlist.render(RenderOptions.FULL))).isEqualTo(0.334);
        assertPartsWithinTarget(w.playlist.render(RenderOptions.FULL));

        // A 2 fps source: one frame is half a second; the advertised target grows rather than lie.
        w.playlist.addPart(new HlsPart(2, 0.5, LiveUris.part(4, 2), false, false));
        String text = w.playlist.render(RenderOptions.FULL);
        assertThat(partTarget(text)).isEqualTo(0.5);
        assertThat(text).contains("PART-HOLD-BACK=1.500,");
        assertPartsWithinTarget(text);
    }

    @Test
    void thePartTargetIsNeverBelowATruePartDurationRoundedAway() {
        // Ten 30 fps frames: 0.3333 s, listed as 0.333. A PART-TARGET of 0.333 would be below the part's length.
        MediaPlaylist p = new MediaPlaylist(TARGET, Duration.ofHours(2), LivePlaylistWriter.LL);
        p.open(0, T0, LiveUris.init(0), false);
        p.addPart(new HlsPart(0, 10 / 30.0, LiveUris.part(0, 0), true, false));
        String text = p.render(RenderOptions.FULL);
        assertThat(partTarget(text)).isGreaterThanOrEqualTo(10 / 30.0).isEqualTo(0.334);
        assertThat(text).contains("PART-HOLD-BACK=1.002,", "#EXT-X-PART:DURATION=0.333,");

        // A part exactly as long as the target does not raise it (no floating-point millisecond added).
        MediaPlaylist exact = new MediaPlaylist(
                TARGET, Duration.ofHours(2), new LowLatency(Duration.ofMillis(300), 3, Duration.ofSeconds(12)));
        exact.open(0, T0, LiveUris.init(0), false);
        exact.addPart(new HlsPart(0, 0.3, LiveUris.part(0, 0), true, false));
        exact.addPart(new HlsPart(1, 9 * (1 / 30.0), LiveUris.part(0, 1), false, false));
        assertThat(partTarget(exact.render(RenderOptions.FULL))).isEqualTo(0.3);
    }

    private static double partTarget(String text) {
        Matcher m = Pattern.compile("#EXT-X-PART-INF:PART-TARGET=([0-9.]+)").matcher(text);
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void assertPartsWithinTarget(String text) {
        double target = partTarget(text);
        Matcher m = PART.matcher(text);
        int count = 0;
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).as(m.group(2)).isLessThanOrEqualTo(target);
            count++;
        }
        assertThat(count).isPositive();
    }

    @Test
    void partsNumberFromZeroInEachSegmentAndFollowOnAcrossSegmentBoundaries() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 2).open(3, 3);
        List<String> uris = new ArrayList<>();
        Matcher m = PART.matcher(w.playlist.render(RenderOptions.FULL));
        while (m.find()) {
            uris.add(m.group(2));
        }
        assertThat(uris)
                .containsExactly(
                        "0.0.m4s", "0.1.m4s", "0.2.m4s", "0.3.m4s", "0.4.m4s", "0.5.m4s", "1.0.m4s", "1.1.m4s",
                        "1.2.m4s", "1.3.m4s", "1.4.m4s", "1.5.m4s", "2.0.m4s", "2.1.m4s", "2.2.m4s", "2.3.m4s",
                        "2.4.m4s", "2.5.m4s", "3.0.m4s", "3.1.m4s", "3.2.m4s");
        assertThat(w.playlist.edge()).isEqualTo(new LiveEdge(3, 2));
        w.part(3, 3).part(3, 4).part(3, 5).complete(3);
        assertThat(w.playlist.edge()).isEqualTo(new LiveEdge(3, -1, 6));
        w.open(4, 0);
        assertThat(w.playlist.edge()).isEqualTo(new LiveEdge(3, -1, 6));
        w.part(4, 0);
        assertThat(w.playlist.edge()).isEqualTo(new LiveEdge(4, 0));

        assertThatThrownBy(() -> w.part(4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.part(4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.open(5, 0)).isInstanceOf(IllegalStateException.class);
        MediaPlaylist noOpen = new MediaPlaylist(TARGET, Duration.ofHours(2), LivePlaylistWriter.LL);
        assertThatThrownBy(() -> noOpen.addPart(new HlsPart(0, 0.3, "0.0.m4s", true, false)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyPartsStartingWithAKeyframeAreIndependentAndGapsAreMarked() {
        LivePlaylistWriter w = new LivePlaylistWriter().segment(0).open(1, 1);
        w.playlist.addPart(new HlsPart(1, 0.3, LiveUris.part(1, 1), false, true));
        w.playlist.addPart(new HlsPart(2, 0.3, LiveUris.part(1, 2), true, false));
        String text = w.playlist.render(RenderOptions.FULL);
        assertThat(text)
                .contains(
                        "URI=\"1.0.m4s\",INDEPENDENT=YES\n",
                        "URI=\"1.1.m4s\",GAP=YES\n",
                        "URI=\"1.2.m4s\",INDEPENDENT=YES\n",
                        "URI=\"0.1.m4s\"\n");
    }

    @Test
    void partsAreListedOnlyForTheLastFewSegmentsAndKeptOnlyAWhileLonger() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 9).open(10, 1);
        String text = w.playlist.render(RenderOptions.FULL);
        List<String> withParts = new ArrayList<>();
        Matcher m = PART.matcher(text);
        while (m.find()) {
            String seg = m.group(2).substring(0, m.group(2).indexOf('.'));
            if (!withParts.contains(seg)) {
                withParts.add(seg);
            }
        }
        assertThat(withParts).containsExactly("7", "8", "9", "10");
        assertThat(text).contains("#EXTINF:2.000,\n6.m4s\n" + parts(7, 6));
        // Parts are kept two segments longer than listed (their objects outlive the listing), then dropped.
        assertThat(w.playlist.tail(10).segments())
                .extracting(s -> s.parts().size())
                .containsExactly(0, 0, 0, 0, 0, 6, 6, 6, 6, 6);
    }

    @Test
    void thePreloadHintNamesTheNextPartAndAnEndedPlaylistHasNone() {
        LivePlaylistWriter w = new LivePlaylistWriter().segment(0).open(1, 2);
        assertThat(w.playlist.render(RenderOptions.FULL)).contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"1.2.m4s\"\n");
        w.part(1, 2).part(1, 3).part(1, 4).part(1, 5).complete(1);
        // Between segments: the first part of the next one.
        assertThat(w.playlist.render(RenderOptions.FULL))
                .endsWith("1.m4s\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"2.0.m4s\"\n");
        w.open(2, 0);
        assertThat(w.playlist.render(RenderOptions.FULL))
                .endsWith("1.m4s\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"2.0.m4s\"\n");
        w.playlist.end();
        String ended = w.playlist.render(new RenderOptions(false, List.of(new RenditionReport("a.m3u8", 1, 5))));
        assertThat(ended)
                .doesNotContain("PRELOAD-HINT")
                .endsWith("#EXT-X-RENDITION-REPORT:URI=\"a.m3u8\",LAST-MSN=1," + "LAST-PART=5\n#EXT-X-ENDLIST\n");
        assertThat(new MediaPlaylist(TARGET, Duration.ofHours(2), LivePlaylistWriter.LL).render(RenderOptions.FULL))
                .doesNotContain("PRELOAD-HINT", "#EXTINF");
    }

    @Test
    void anEndedPlaylistListsNoPartsForTheTranscoderDeletesThemAtTheEnd() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 3).open(4, 2);
        assertThat(w.playlist.render(RenderOptions.FULL)).contains("#EXT-X-PART:DURATION=0.333,URI=\"3.0.m4s\"");
        w.playlist.end();
        for (RenderOptions options : List.of(RenderOptions.FULL, DELTA)) {
            String ended = w.playlist.render(options);
            assertThat(ended)
                    .doesNotContain("#EXT-X-PART:", "PRELOAD-HINT", "4.0.m4s")
                    .contains("#EXTINF:2.000,\n3.m4s\n")
                    .endsWith("#EXT-X-ENDLIST\n");
        }
    }

    @Test
    void everyRenditionHasTheSameServerControl() {
        // RFC 8216bis 6.2.4: all media playlists of a multivariant playlist carry the same EXT-X-SERVER-CONTROL.
        // Video parts of ten 30 fps frames (0.3333 s) and audio parts of fifteen AAC frames (0.32 s), 333 ms target.
        MediaPlaylist video = new MediaPlaylist(TARGET, Duration.ofHours(2), LivePlaylistWriter.LL);
        MediaPlaylist audio = new MediaPlaylist(TARGET, Duration.ofHours(2), LivePlaylistWriter.LL);
        video.open(0, T0, LiveUris.init(0), false);
        audio.open(0, T0, LiveUris.init(0), false);
        for (int i = 0; i < 3; i++) {
            video.addPart(new HlsPart(i, 10 / 30.0, LiveUris.part(0, i), i == 0, false));
            audio.addPart(new HlsPart(i, 15 * 1024 / 48000.0, LiveUris.part(0, i), true, false));
        }
        assertThat(serverControl(audio.render(RenderOptions.FULL)))
                .isEqualTo(serverControl(video.render(RenderOptions.FULL)))
                .contains("PART-HOLD-BACK=1.002,");
    }

    private static String serverControl(String text) {
        Matcher m = Pattern.compile("#EXT-X-SERVER-CONTROL:.*").matcher(text);
        assertThat(m.find()).isTrue();
        return m.group();
    }

    @Test
    void anEndedPlaylistIgnoresTheSkipDirective() {
        // RFC 8216bis 6.2.5.1: a server MUST ignore _HLS_skip when the playlist contains EXT-X-ENDLIST.
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 20);
        assertThat(w.playlist.render(DELTA)).contains("#EXT-X-SKIP:");
        w.playlist.end();
        assertThat(w.playlist.render(DELTA))
                .doesNotContain("#EXT-X-SKIP")
                .contains("\n0.m4s\n")
                .isEqualTo(w.playlist.render(RenderOptions.FULL));
    }

    @Test
    void aDeltaUpdateSkipsTheSegmentsOlderThanTheSkipBoundaryAndRestatesMapAndDate() {
        LivePlaylistWriter w = new LivePlaylistWriter(Duration.ofSeconds(30));
        w.segments(0, 4).reconnect(5, 3.0).segments(5, 24).open(25, 2);
        String full = w.playlist.render(RenderOptions.FULL);
        String delta = w.playlist.render(DELTA);
        // 30 s window: 15 segments (10..24) listed; the last 6 (12 s) stay, 9 are skipped.
        assertThat(full).contains("#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
        assertThat(delta)
                .contains("#EXT-X-VERSION:9\n")
                .contains("#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                        + "#EXT-X-SKIP:SKIPPED-SEGMENTS=9\n#EXT-X-MAP:URI=\"init-5.mp4\"\n"
                        + "#EXT-X-PROGRAM-DATE-TIME:" + MediaPlaylistRenderer.PDT.format(w.dateOf(19))
                        + "\n#EXTINF:2.000,\n19.m4s\n")
                .doesNotContain("18.m4s");
        assertThat(delta.split("#EXTINF", -1)).hasSize(7);
        // Everything after the first listed segment reads as in the full playlist.
        assertThat(full).endsWith(delta.substring(delta.indexOf("19.m4s\n")));

        // A short playlist has nothing to skip; the boundary itself is never skipped into.
        String shortDelta =
                new LivePlaylistWriter().segments(0, 5).open(6, 1).playlist.render(DELTA);
        assertThat(shortDelta).doesNotContain("EXT-X-SKIP").contains("0.m4s\n");
        String justLongEnough = new LivePlaylistWriter().segments(0, 6).playlist.render(DELTA);
        assertThat(justLongEnough).contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=1\n").doesNotContain("\n0.m4s\n");
    }

    @Test
    void aDeltaUpdateKeepsADiscontinuityThatFollowsTheSkippedSegments() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 9);
        String sixth = MediaPlaylistRenderer.PDT.format(w.dateOf(6));
        w.reconnect(10, 1.0).segments(10, 11);
        String delta = w.playlist.render(DELTA);
        assertThat(delta)
                .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=6\n#EXT-X-MAP:URI=\"init-0.mp4\"\n"
                        + "#EXT-X-PROGRAM-DATE-TIME:" + sixth + "\n#EXTINF:2.000,\n6.m4s\n")
                .contains("9.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-10.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:"
                        + MediaPlaylistRenderer.PDT.format(w.dateOf(10)) + "\n" + parts(10, 6));
    }

    @Test
    void canSkipUntilIsAtLeastSixTargetDurationsAndAbsentWithoutDeltaUpdates() {
        LowLatency shortSkip = new LowLatency(Duration.ofMillis(333), 3, Duration.ofSeconds(4));
        MediaPlaylist p = new MediaPlaylist(TARGET, Duration.ofHours(2), shortSkip);
        p.add(new HlsSegment(0, 2.0, "0.m4s", T0, "init-0.mp4", false, false));
        assertThat(p.render(RenderOptions.FULL)).contains("CAN-SKIP-UNTIL=12.000\n");

        MediaPlaylist noSkip =
                new MediaPlaylist(TARGET, Duration.ofHours(2), new LowLatency(Duration.ofMillis(500), 2, null));
        for (int i = 0; i < 20; i++) {
            noSkip.add(new HlsSegment(i, 2.0, i + ".m4s", T0.plusSeconds(2 * i), "init-0.mp4", false, false));
        }
        String text = noSkip.render(DELTA);
        assertThat(text)
                .contains(
                        "#EXT-X-VERSION:7\n",
                        // Three times the longest part the segmenter may cut: under a millisecond past the target.
                        "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.503,HOLD-BACK=6.000\n",
                        "#EXT-X-PART-INF:PART-TARGET=0.500\n",
                        "\n0.m4s\n")
                .doesNotContain("SKIP");
    }

    @Test
    void aReconnectingPublisherStartsANewEpochWithADiscontinuityAndItsOwnInitSegment() {
        LivePlaylistWriter w =
                new LivePlaylistWriter().segments(0, 2).reconnect(3, 5.0).open(3, 2);
        String text = w.playlist.render(RenderOptions.FULL);
        assertThat(text)
                .endsWith("2.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-3.mp4\"\n"
                        + "#EXT-X-PROGRAM-DATE-TIME:" + MediaPlaylistRenderer.PDT.format(w.dateOf(3)) + "\n"
                        + parts(3, 2)
                        + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"3.2.m4s\"\n");
        assertThat(w.dateOf(3)).isEqualTo(T0.plusSeconds(11));
        w.part(3, 2).part(3, 3).part(3, 4).part(3, 5).complete(3).segment(4);
        assertThat(w.playlist.render())
                .contains(
                        "2.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-3.mp4\"\n"
                                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:16.678Z\n#EXTINF:2.000,\n3.m4s\n#EXTINF:2.000,\n4.m4s\n");
        // A publisher gone mid-segment, the next epoch numbering after a number it never reached: the open segment
        // becomes a gap as long as its parts, the skipped number one a part long, so positions stay the numbers.
        w.open(5, 2).reconnect(7, 1.0).open(7, 1);
        assertThat(w.playlist.render(RenderOptions.FULL))
                .doesNotContain("5.0.m4s")
                .contains(
                        "4.m4s\n#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:20.678Z\n#EXTINF:0.667,\n#EXT-X-GAP\n5.m4s\n"
                                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:21.345Z\n#EXTINF:0.333,\n#EXT-X-GAP\n6.m4s\n"
                                + "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-7.mp4\"\n");
    }

    @Test
    void aRenditionReportNamesTheNewestPart() {
        LivePlaylistWriter w = new LivePlaylistWriter();
        assertThat(w.playlist.renditionReport("a.m3u8")).isNull();
        w.segment(0);
        assertThat(w.playlist.renditionReport("a.m3u8")).isEqualTo(new RenditionReport("a.m3u8", 0, 5));
        w.open(1, 0);
        assertThat(w.playlist.renditionReport("a.m3u8")).isEqualTo(new RenditionReport("a.m3u8", 0, 5));
        w.part(1, 0);
        assertThat(w.playlist.renditionReport("a.m3u8")).isEqualTo(new RenditionReport("a.m3u8", 1, 0));
        assertThatThrownBy(() -> new RenditionReport("a\".m3u8", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTwoHourWindowRendersSmallAsADeltaUpdate() {
        LivePlaylistWriter w = new LivePlaylistWriter().segments(0, 3599).open(3600, 3);
        String classic = w.playlist.render();
        String full = w.playlist.render(RenderOptions.FULL);
        String delta = w.playlist.render(DELTA);
        assertThat(classic.split("#EXTINF", -1)).hasSize(3601);
        assertThat(classic.split("#EXT-X-PROGRAM-DATE-TIME", -1)).hasSize(2);
        // A date on every segment, as before, added one such line to each of the 3599 others.
        long datedEverywhere =
                classic.length() + 3599L * "#EXT-X-PROGRAM-DATE-TIME:2026-01-02T04:04:05.678Z\n".length();
        assertThat(classic.length()).isLessThan(100_000);
        assertThat(full.length()).isLessThan(classic.length() + 2_000);
        assertThat(delta.length()).isLessThan(2_000);
        System.out.printf(
                "2 h window (3600 segments): classic %d B (%d B with a date on every segment), "
                        + "LL full %d B, LL delta %d B%n",
                classic.length(), datedEverywhere, full.length(), delta.length());
    }
}
