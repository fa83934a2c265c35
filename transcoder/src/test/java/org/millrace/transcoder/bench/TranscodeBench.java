package org.millrace.transcoder.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Benchmark (not a test): the default ladder on an H.264 + AAC source (720p30 or 1080p30) fed as fast as the pipeline takes it;
 * prints speed (x real time) and CPU seconds per media second. Usage: TranscodeBench source.ts seconds preset...
 */
public final class TranscodeBench {
    private TranscodeBench() {}

    private static boolean ended(LocalStorage storage, String key) {
        try (var object = storage.get(key)) {
            return new String(object.body().readAllBytes()).contains("#EXT-X-ENDLIST");
        } catch (Exception e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Path ts = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        byte[] bytes = Files.readAllBytes(ts);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String preset : List.of(args).subList(2, args.length)) {
            Path root = Files.createTempDirectory("millrace-bench-");
            TranscoderSettings defaults = TranscoderSettings.defaults();
            // An input buffer holding the whole file: fed unpaced, nothing may be dropped.
            TranscoderSettings settings = new TranscoderSettings(
                    defaults.ladder(),
                    true,
                    defaults.liveHls(),
                    preset,
                    defaults.audioBitrate(),
                    defaults.spool(),
                    Duration.ofMillis(100),
                    defaults.thumbnailInterval(),
                    bytes.length / 1316 + 16,
                    root.resolve("work"));
            try (LocalStorage storage = new LocalStorage(root.resolve("storage"))) {
                TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, new SimpleMeterRegistry());
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                LiveSink sink =
                        input.open(new LiveSessionInfo("bench", preset, false, Instant.now(), "bench", 0, false));
                for (int off = 0; off < bytes.length; off += 1316) {
                    int n = Math.min(1316, bytes.length - off);
                    byte[] chunk = new byte[n];
                    System.arraycopy(bytes, off, chunk, 0, n);
                    sink.write(chunk);
                }
                sink.close(LiveEndReason.PUBLISHER_CLOSED);
                input.endSession("bench", preset); // the playlists end once the pipeline stored everything
                // close waits at most 60 s for the pipeline: on a loaded machine it is still encoding then, so the
                // figures are taken once the last rendition's playlist is ended, not before.
                String last = "live/bench/" + preset + "/360p/index.m3u8";
                long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
                while (System.nanoTime() < deadline && !ended(storage, last)) {
                    Thread.sleep(100);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                long segments = storage.list("live/bench/" + preset + "/360p/").stream()
                        .filter(o -> o.key().matches(".*/\\d+\\.m4s"))
                        .count();
                System.out.printf(
                        Locale.ROOT,
                        "millrace preset=%s media=%.0fs wall=%.1fs speed=%.2fx "
                                + "cpu=%.1fs cpu/media-s=%.2f cores-at-1x=%.2f 360p-segments=%d%n",
                        preset,
                        seconds,
                        wall,
                        seconds / wall,
                        cpu,
                        cpu / seconds,
                        cpu / seconds,
                        segments);
            }
        }
    }
}
