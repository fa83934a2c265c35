package org.millrace.transcoder.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Benchmark (not a test): the default ladder on one source fed in real time (the file's average byte rate, 1316-byte
 * chunks, like an SRT publisher), as a live server runs it; prints the process's CPU seconds per media second, which
 * the unpaced {@link TranscodeBench} cannot show (a paced pipeline waits, and whatever runs per wall-clock tick
 * rather than per frame costs more). Also prints the input dropped (a loaded machine that cannot keep real time
 * drops input, which would make the figure too low) and the frames of the slowest rendition encoded, and the CPU per
 * media second of those frames. Usage: PacedTranscodeBench source.ts seconds [segment-ms] (default: the server's
 * default segment target)
 */
public final class PacedTranscodeBench {
    private PacedTranscodeBench() {}

    public static void main(String[] args) throws Exception {
        Path ts = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        byte[] bytes = Files.readAllBytes(ts);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path root = Files.createTempDirectory("millrace-paced-");
        TranscoderSettings settings = TranscoderSettings.defaults().withWorkDir(root.resolve("work"));
        if (args.length > 2) {
            Duration segment = Duration.ofMillis(Long.parseLong(args[2]));
            settings = settings.withLiveHls(settings.liveHls().withSegmentTarget(segment));
        }
        try (LocalStorage storage = new LocalStorage(root.resolve("storage"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, registry);
            // The pipeline's meters go when it ends: keep the last reading taken while it runs.
            AtomicLong frames = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            ScheduledExecutorService meters = Executors.newSingleThreadScheduledExecutor();
            meters.scheduleAtFixedRate(
                    () -> {
                        var encoded = registry.find("millrace_transcoder_frames_encoded")
                                .counters();
                        if (!encoded.isEmpty()) {
                            frames.set((long) encoded.stream()
                                    .mapToDouble(Counter::count)
                                    .min()
                                    .orElse(0));
                        }
                        Counter drops = registry.find("millrace_transcoder_dropped_input_bytes")
                                .counter();
                        if (drops != null) {
                            dropped.set((long) drops.count());
                        }
                    },
                    100,
                    100,
                    TimeUnit.MILLISECONDS);
            long cpu0 = os.getProcessCpuTime();
            LiveSink sink = input.open(new LiveSessionInfo("paced", "p", false, Instant.now(), "bench", 0, false));
            double bytesPerNano = bytes.length / (seconds * 1e9);
            long start = System.nanoTime();
            for (int off = 0; off < bytes.length; off += 1316) {
                int n = Math.min(1316, bytes.length - off);
                byte[] chunk = new byte[n];
                System.arraycopy(bytes, off, chunk, 0, n);
                long wait = start + (long) (off / bytesPerNano) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sink.write(chunk);
            }
            sink.close(LiveEndReason.PUBLISHER_CLOSED);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            meters.shutdown();
            double encodedSeconds = frames.get() / 30.0;
            System.out.printf(
                    Locale.ROOT,
                    "paced media=%.0fs wall=%.1fs cpu=%.1fs cores=%.3f dropped_input_bytes=%d "
                            + "encoded=%.1fs cpu/encoded-s=%.3f%n",
                    seconds,
                    (System.nanoTime() - start) / 1e9,
                    cpu,
                    cpu / seconds,
                    dropped.get(),
                    encodedSeconds,
                    cpu / Math.max(1e-9, encodedSeconds));
        }
    }
}
