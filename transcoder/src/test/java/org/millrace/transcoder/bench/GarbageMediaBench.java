package org.millrace.transcoder.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;
import org.millrace.transcoder.live.GarbageMedia;

/**
 * Benchmark (not a test): the garbage-media campaign of {@code GarbageMediaTest} with many bit-flip seeds, fed
 * {@code speed} x faster than real time, {@code parallel} pipelines at a time, beside a clean stream in real time. It
 * prints what each kind of case ended as, the reference's pace, the wall time, and that the JVM (FFmpeg runs in it)
 * reached the end. Every case's name is printed as it starts, so a native crash names the inputs in flight.
 *
 * <p>Usage: GarbageMediaBench workDir seedsPerRate parallel speed rate...
 */
public final class GarbageMediaBench {
    private GarbageMediaBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seeds = Integer.parseInt(args[1]);
        int parallel = Integer.parseInt(args[2]);
        double speed = Double.parseDouble(args[3]);
        double[] rates = new double[args.length - 4];
        for (int i = 4; i < args.length; i++) {
            rates[i - 4] = Double.parseDouble(args[i]);
        }
        GarbageMedia.Clips clips = GarbageMedia.Clips.make(dir.resolve("clips"));
        List<GarbageMedia.Case> cases = GarbageMedia.cases(clips, rates, seeds);
        double mediaSeconds =
                cases.stream().mapToDouble(GarbageMedia.Case::seconds).sum();
        int referenceSeconds = (int) Math.ceil(mediaSeconds / speed / parallel) + 20;
        byte[] reference = GarbageMedia.reference(dir.resolve("clips"), referenceSeconds);
        Path work = Files.createDirectories(dir.resolve("work"));
        LocalStorage storage = new LocalStorage(dir.resolve("storage"));
        TranscoderLiveInput input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(work), storage, new SimpleMeterRegistry());

        GarbageMedia.Report report =
                GarbageMedia.run(input, storage, cases, parallel, speed, reference, referenceSeconds);

        Map<String, Map<String, Integer>> byKind = new TreeMap<>();
        List<String> silent = new ArrayList<>();
        for (GarbageMedia.Outcome o : report.outcomes()) {
            String kind = o.name().startsWith("flip-")
                    ? o.name().substring(0, o.name().lastIndexOf('-'))
                    : o.name();
            String outcome = (o.played() ? "plays" : "no playback")
                    + (o.error() == null
                            ? ""
                            : " / " + o.error().reason() + (o.error().restarted() ? " (restarted)" : ""));
            byKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            if (!o.played() && o.error() == null) {
                silent.add(o.name());
            }
        }
        byKind.forEach(
                (kind, outcomes) -> System.out.printf(Locale.ROOT, "garbagebench case %s: %s%n", kind, outcomes));
        System.out.printf(
                Locale.ROOT,
                "garbagebench cases %d (%d bit-flip seeds per rate, %d rates), parallel %d,"
                        + " speed %.1fx, wall %.1f s%n",
                cases.size(),
                seeds,
                rates.length,
                parallel,
                speed,
                report.wallMillis() / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "garbagebench reference: %d segments of %.0f expected, longest wait between"
                        + " two new segments %.1f s%n",
                report.reference().segments(),
                report.reference().expected(),
                report.reference().maxGapMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "garbagebench neither played nor gave a reason: %s%n", silent);
        System.out.println("garbagebench JVM alive at the end: true");
        System.exit(0);
    }
}
