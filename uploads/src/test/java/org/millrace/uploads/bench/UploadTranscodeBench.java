package org.millrace.uploads.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.millrace.transcoder.live.WorkDirectory;
import org.millrace.uploads.media.UploadMedia;
import org.millrace.uploads.media.UploadTranscodeSettings;
import org.millrace.uploads.media.UploadTranscoder;

/**
 * Benchmark (bench/upload-transcode.sh): the upload pipeline on one file, as a worker runs it (ladder, HLS, MP4,
 * poster, thumbnails); prints wall time, CPU time and speed (media seconds per wall second).
 */
public final class UploadTranscodeBench {
    private UploadTranscodeBench() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path work = Files.createTempDirectory("upload-bench");
        try {
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            UploadMedia media =
                    new UploadTranscoder(UploadTranscodeSettings.defaults()).transcode(source, work, p -> {});
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.println(String.format(
                    Locale.ROOT,
                    "millrace renditions=%s media=%.1fs wall=%.1fs speed=%.2fx cpu=%.1fs",
                    media.renditions(),
                    media.durationSeconds(),
                    wall,
                    media.durationSeconds() / wall,
                    cpu));
        } finally {
            WorkDirectory.delete(work);
        }
    }
}
