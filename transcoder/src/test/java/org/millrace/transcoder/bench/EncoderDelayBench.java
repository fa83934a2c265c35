package org.millrace.transcoder.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.millrace.transcoder.Rung;
import org.millrace.transcoder.encode.VideoRungEncoder;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * Benchmark (not a test): the frames of delay libx264 adds on the 480p and 360p rungs of a 720p source, with extra
 * x264 options per variant, and what each costs in CPU (process CPU: x264's own threads count) and in bytes.
 * Usage: EncoderDelayBench source.ts preset variant... (a variant is x264 params, "-" for today's).
 */
public final class EncoderDelayBench {
    private EncoderDelayBench() {}

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        String preset = args[1];
        List<AVFrame> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        int[] size = new int[2];
        org.millrace.transcoder.encode.BenchDecoder.decodeVideo(src, (frame, pts90) -> {
            frames.add(avutil.av_frame_clone(frame));
            times.add(pts90);
            size[0] = frame.width();
            size[1] = frame.height();
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (String variant : List.of(args).subList(2, args.length)) {
                String params = variant.equals("-") ? "" : variant;
                long bytes = 0;
                int delay = 0;
                long firstDts = 0;
                long cpu0 = os.getProcessCpuTime();
                for (Rung rung : List.of(new Rung("480p", 480, 1_400_000), new Rung("360p", 360, 800_000))) {
                    Counting sink = new Counting();
                    try (VideoRungEncoder e = new VideoRungEncoder(
                            rung, size[0], size[1], 30, Duration.ofSeconds(2), preset, params, sink)) {
                        for (int i = 0; i < frames.size(); i++) {
                            e.encode(frames.get(i), times.get(i));
                        }
                        e.flush();
                        delay = Math.max(delay, e.maxDelayFrames());
                    }
                    bytes += sink.bytes;
                    firstDts = sink.firstDts;
                }
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                if (round == 1) {
                    System.out.printf(
                            Locale.ROOT,
                            "delay preset=%s params=%s frames=%d delay-frames=%d "
                                    + "cpu=%.2fs cpu/media-s=%.3f bytes=%d first-dts=%d%n",
                            preset,
                            variant,
                            frames.size(),
                            delay,
                            cpu,
                            cpu / (frames.size() / 30.0),
                            bytes,
                            firstDts);
                }
            }
        }
    }

    private static final class Counting implements SampleSink {
        long bytes;
        long firstDts = Long.MIN_VALUE;

        @Override
        public void start(TrackFormat format) {}

        @Override
        public void accept(Sample sample) {
            if (firstDts == Long.MIN_VALUE) {
                firstDts = sample.dts();
            }
            bytes += sample.data().length;
        }

        @Override
        public void finish() {}
    }
}
