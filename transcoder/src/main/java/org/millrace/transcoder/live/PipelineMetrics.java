package org.millrace.transcoder.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.millrace.core.media.LiveSinkStats;

/**
 * One pipeline's meters, tagged with the stream's public id and removed when the pipeline ends: input bytes (its rate
 * is the input bitrate), frames encoded per rendition (their rate is the output fps), speed (media seconds encoded per
 * second spent encoding), the decoded frame rate, input queue depth, dropped input bytes and frames, dropped
 * segments, segments waiting for storage, storage outages lived through, upload latency.
 */
final class PipelineMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final AtomicLong speedPermille = new AtomicLong(-1);
    private final FrameRateMeter pictures = new FrameRateMeter();
    private volatile MediaFault fault;
    final Counter inputBytes;
    final Counter droppedInputBytes;
    final Counter droppedFrames;
    final Counter droppedSegments;
    final Counter storageOutages;
    final Timer uploadLatency;

    PipelineMetrics(MeterRegistry registry, String streamId) {
        this.registry = registry;
        this.tags = Tags.of("stream", streamId);
        inputBytes = keep(
                Counter.builder("millrace_transcoder_input_bytes").tags(tags).register(registry));
        droppedInputBytes = keep(Counter.builder("millrace_transcoder_dropped_input_bytes")
                .tags(tags)
                .register(registry));
        droppedFrames = keep(
                Counter.builder("millrace_transcoder_dropped_frames").tags(tags).register(registry));
        droppedSegments = keep(Counter.builder("millrace_transcoder_dropped_segments")
                .tags(tags)
                .register(registry));
        storageOutages = keep(Counter.builder("millrace_transcoder_storage_outages")
                .tags(tags)
                .description("times storage failed and then took this stream's waiting segments again")
                .register(registry));
        uploadLatency = keep(
                Timer.builder("millrace_transcoder_segment_upload").tags(tags).register(registry));
        // -1 until measured: the stats answer null then, the gauge 0.
        keep(Gauge.builder("millrace_transcoder_speed_ratio", speedPermille, v -> Math.max(0, v.get()) / 1000.0)
                .tags(tags)
                .register(registry));
    }

    void queueDepth(Supplier<Number> depth) {
        keep(Gauge.builder("millrace_transcoder_input_queue_chunks", depth)
                .tags(tags)
                .register(registry));
    }

    /** Segments queued for storage and not yet stored (they wait in the spool while storage is down). */
    void backlog(Supplier<Number> segments) {
        keep(Gauge.builder("millrace_transcoder_upload_backlog_segments", segments)
                .tags(tags)
                .register(registry));
    }

    Counter framesEncoded(String rendition) {
        return keep(Counter.builder("millrace_transcoder_frames_encoded")
                .tags(tags.and("rendition", rendition))
                .register(registry));
    }

    void speed(double ratio) {
        speedPermille.set(Math.round(ratio * 1000));
    }

    /** A source picture was decoded (pipeline thread). */
    void picture(long now) {
        pictures.frame(now);
    }

    /** Why the pipeline ended, when it was the media's fault (pipeline thread, before the pipeline completes). */
    void fault(MediaFault cause) {
        fault = cause;
    }

    MediaFault fault() {
        return fault;
    }

    /** The decoded frame rate and the encoder speed, for the owner's live stats. */
    LiveSinkStats stats() {
        long permille = speedPermille.get();
        return new LiveSinkStats(pictures.perSecond(System.nanoTime()), permille < 0 ? null : permille / 1000.0);
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
