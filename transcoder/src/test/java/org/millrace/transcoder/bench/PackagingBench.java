package org.millrace.transcoder.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.millrace.transcoder.fmp4.DemuxedTracks;
import org.millrace.transcoder.fmp4.Fmp4Writer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.Segmenter;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * Benchmark (not a test): CPU the pure-Java fMP4 packaging (Segmenter + Fmp4Writer, 333 ms parts, 2 s segments)
 * costs per media second, on the H.264 and AAC packets of an MP4, in memory. Usage: PackagingBench source.mp4
 * media-seconds rounds
 */
public final class PackagingBench {
    private PackagingBench() {}

    public static void main(String[] args) throws Exception {
        DemuxedTracks tracks = DemuxedTracks.read(Path.of(args[0]));
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            run(tracks);
        }
        long bytes = 0;
        long start = cpu.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            bytes += run(tracks);
        }
        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "millrace-fmp4 video+audio media=%.0fs rounds=%d cpu=%.3fs " + "cpu-ms/media-s=%.3f out=%.1fMB/round%n",
                seconds,
                rounds,
                cpuSeconds,
                cpuSeconds * 1000 / (seconds * rounds),
                bytes / 1e6 / rounds);
    }

    private static long run(DemuxedTracks tracks) throws Exception {
        return pack(tracks.videoFormat(), tracks.video()) + pack(tracks.audioFormat(), tracks.audio());
    }

    private static long pack(TrackFormat format, List<Sample> samples) throws Exception {
        Fmp4Writer writer = new Fmp4Writer(format);
        long[] bytes = {writer.init().length};
        Segmenter segmenter = new Segmenter(
                format.kind(),
                format.timescale(),
                Duration.ofMillis(333),
                Duration.ofSeconds(2),
                new Segmenter.Output() {
                    @Override
                    public void part(Segmenter.Part part) {
                        bytes[0] += writer.fragment(part.samples()).length;
                    }

                    @Override
                    public void segment(Segmenter.SegmentEnd end) {}
                });
        for (Sample s : samples) {
            segmenter.push(s);
        }
        segmenter.finish();
        return bytes[0];
    }
}
