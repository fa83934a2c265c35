import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.MediaPlaylist;

/**
 * Benchmark (issue 14): what writing a rendition's classic playlist costs at a given session age. The live pipeline
 * renders each rendition's whole playlist (the DVR window: up to 2 h of 2 s segments, each with its
 * EXT-X-PROGRAM-DATE-TIME) on every completed segment and puts the text to storage, so per media minute it renders
 * 30 times per rendition whatever the pacing. Measures the thread CPU of one render() and the bytes it makes.
 * java -cp server/target/millrace-server.jar bench/PlaylistRenderCost.java [renditions]
 */
public final class PlaylistRenderCost {
    public static void main(String[] args) {
        int renditions = args.length > 0 ? Integer.parseInt(args[0]) : 4; // source, 480p, 360p, audio
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Instant start = Instant.parse("2026-11-30T12:00:00Z");
        for (int minutes : List.of(1, 10, 30, 60, 120)) {
            MediaPlaylist playlist = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
            int segments = minutes * 30;
            for (int i = 0; i < segments; i++) {
                playlist.add(new HlsSegment(i, 2.0, i + ".m4s", start.plusSeconds(2L * i), "init-0.mp4", false,
                        false));
            }
            int bytes = playlist.render().length();
            int n = 0;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                bytes = playlist.render().length();
                n++;
            }
            double perRenderMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
            double perMediaMinute = perRenderMicros * 30 * renditions / 1e6;
            System.out.printf(Locale.ROOT, "playlist-render age=%d min text=%d bytes render=%.1f us = %.3f CPU s "
                            + "per media minute (%d renditions x 30 segments), %.1f MB written per media minute%n",
                    minutes, bytes, perRenderMicros, perMediaMinute, renditions, bytes * 30.0 * renditions / 1e6);
        }
    }
}
