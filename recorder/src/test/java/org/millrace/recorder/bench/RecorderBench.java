package org.millrace.recorder.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.millrace.core.storage.LocalStorage;
import org.millrace.recorder.media.RecordingMedia;
import org.millrace.recorder.media.SessionRecordingBuilder;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * Benchmark (not a test): times {@link SessionRecordingBuilder#build} on a session laid out in a LocalStorage
 * directory. Usage: RecorderBench storageRoot streamId sessionId runs. Prints each run and the median.
 */
public final class RecorderBench {
    private RecorderBench() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[3]);
        double[] seconds = new double[runs];
        RecordingMedia media = null;
        try (LocalStorage storage = new LocalStorage(root)) {
            Path work = Files.createTempDirectory("millrace-recorder-bench-");
            SessionRecordingBuilder builder = new SessionRecordingBuilder(storage, work, VodImageSettings.defaults());
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                media = builder.build(args[1], args[2], "bench" + i);
                seconds[i] = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "millrace run=%d build=%.2fs media=%.1fs mp4=%d bytes thumbnails=%d%n",
                        i + 1,
                        seconds[i],
                        media.durationSeconds(),
                        media.mp4Bytes(),
                        media.thumbnails().size());
                storage.deleteByPrefix("recordings/bench" + i + "/");
            }
            Files.deleteIfExists(work);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        System.out.printf(
                Locale.ROOT,
                "millrace median build=%.2fs for %.1fs of media: %.0fx real time%n",
                median,
                media.durationSeconds(),
                media.durationSeconds() / median);
    }
}
