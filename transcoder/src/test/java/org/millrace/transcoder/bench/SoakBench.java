package org.millrace.transcoder.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Benchmark (not a test): one long live session through the transcoder alone (no SRT, no server), fed an MPEG-TS on
 * stdin (a source looped by ffmpeg) as fast as the pipeline takes it: held while its input queue is over 1024
 * chunks, so nothing is dropped on a loaded machine. Prints one line per media minute encoded (frames of the
 * slowest rendition / 30): the process's CPU seconds for that minute, its RSS, the heap used and committed, and
 * javacpp's own native bytes, to see whether a session's cost or memory grows with its age.
 * Usage: ffmpeg -stream_loop -1 -i src.ts -t SECONDS -c copy -f mpegts - | java ... SoakBench
 */
public final class SoakBench {
    private static final int CHUNK = 1316;
    private static final double HOLD_ABOVE = 1024;

    private SoakBench() {}

    public static void main(String[] args) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path root = Files.createTempDirectory("millrace-soakbench-");
        TranscoderSettings settings = TranscoderSettings.defaults().withWorkDir(root.resolve("work"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        System.out.println("media_min,cpu_s,wall_s,rss_mb,heap_used_mb,heap_committed_mb,javacpp_mb,dropped_bytes");
        try (LocalStorage storage = new LocalStorage(root.resolve("storage"))) {
            TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, registry);
            LiveSink sink = input.open(new LiveSessionInfo("soak", "s", false, Instant.now(), "bench", 0, false));
            long start = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long lastCpu = cpu0;
            long lastWall = start;
            int minute = 0;
            long fed = 0;
            InputStream in = System.in;
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int n = in.readNBytes(buffer, 0, CHUNK);
                if (n <= 0) {
                    break;
                }
                while (queued(registry) > HOLD_ABOVE) {
                    Thread.sleep(5);
                }
                sink.write(java.util.Arrays.copyOf(buffer, n));
                if (++fed % 256 == 0 && frames(registry) >= (minute + 1) * 1800L) {
                    minute++;
                    long cpu = os.getProcessCpuTime();
                    long now = System.nanoTime();
                    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    System.out.printf(
                            Locale.ROOT,
                            "%d,%.2f,%.1f,%.0f,%.0f,%.0f,%.1f,%.0f%n",
                            minute,
                            (cpu - lastCpu) / 1e9,
                            (now - lastWall) / 1e9,
                            Pointer.physicalBytes() / 1048576.0,
                            heap.getUsed() / 1048576.0,
                            heap.getCommitted() / 1048576.0,
                            Pointer.totalBytes() / 1048576.0,
                            dropped(registry));
                    lastCpu = cpu;
                    lastWall = now;
                }
            }
            sink.close(LiveEndReason.PUBLISHER_CLOSED);
            System.out.printf(
                    Locale.ROOT,
                    "soak total: %d media minutes, cpu=%.1fs wall=%.1fs%n",
                    minute,
                    (os.getProcessCpuTime() - cpu0) / 1e9,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static double queued(SimpleMeterRegistry registry) {
        Gauge g = registry.find("millrace_transcoder_input_queue_chunks").gauge();
        return g == null ? 0 : g.value();
    }

    private static long frames(SimpleMeterRegistry registry) {
        return (long) registry.find("millrace_transcoder_frames_encoded").counters().stream()
                .mapToDouble(Counter::count)
                .min()
                .orElse(0);
    }

    private static double dropped(SimpleMeterRegistry registry) {
        Counter c = registry.find("millrace_transcoder_dropped_input_bytes").counter();
        return c == null ? 0 : c.count();
    }
}
