import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (issue 14, "before" only): what the live pipeline's segment detection costs at a given session age.
 * Drives the server jar's own org.millrace.transcoder.live.FinishedSegments (package-private, reached by reflection)
 * on FFmpeg hls-muxer playlists as the pipeline's work directories hold them (hls_list_size 0: every segment since
 * the session began), and measures the thread CPU time of one poll that finds nothing new, which is what the
 * pipeline does every 50 ms per rendition between segments. Run with the jar of a build that still has the class:
 * java -cp server/target/millrace-server.jar bench/FinishedSegmentsCost.java [renditions]
 */
public final class FinishedSegmentsCost {
    public static void main(String[] args) throws Exception {
        int renditions = args.length > 0 ? Integer.parseInt(args[0]) : 4; // source, 480p, 360p, audio
        Class<?> type = Class.forName("org.millrace.transcoder.live.FinishedSegments");
        Constructor<?> make = type.getDeclaredConstructor(Path.class, String.class);
        make.setAccessible(true);
        Method poll = type.getDeclaredMethod("poll");
        poll.setAccessible(true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("finished-segments-cost");
        try {
            for (int minutes : List.of(1, 10, 30, 60, 120)) {
                int segments = minutes * 30; // 2 s segments
                StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n"
                        + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n");
                for (int i = 0; i < segments; i++) {
                    text.append("#EXTINF:2.000000,\ns").append(i).append(".m4s\n");
                }
                Files.writeString(dir.resolve("ffmpeg.m3u8"), text);
                Object finished = make.newInstance(dir, "ffmpeg.m3u8");
                poll.invoke(finished); // the segments so far: seen from now on
                int n = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 3_000_000_000L) {
                    poll.invoke(finished);
                    n++;
                }
                double perPollMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
                // 20 polls a second per rendition (every 50 ms of wall time, whatever the media rate).
                double core = perPollMicros * 20 * renditions / 1e6;
                System.out.printf(Locale.ROOT, "finished-segments age=%d min playlist=%d bytes poll=%.1f us "
                                + "cpu=%.2f %% of a core (%d renditions x 20 polls/s) = %.2f CPU s per media minute "
                                + "paced%n", minutes, text.length(), perPollMicros, core * 100, renditions,
                        core * 60);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("ffmpeg.m3u8"));
            Files.deleteIfExists(dir);
        }
    }
}
