package org.millrace.transcoder.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.millrace.transcoder.fmp4.Fmp4Writer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.Segmenter;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * One rendition's samples packaged into fMP4 files in its work directory: the init segment ({@link #INIT}), then
 * each segment as the concatenation of its parts' fragments, handed to {@link RenditionTrack} by {@link #poll()}
 * once complete. Pipeline thread only.
 */
final class SegmentFiles implements SampleSink, Segmenter.Output {
    static final String INIT = "init.mp4";

    private final Path dir;
    private final Duration partTarget;
    private final Duration segmentDuration;
    private final List<LocalSegment> complete = new ArrayList<>();
    private Fmp4Writer writer;
    private Segmenter segmenter;
    private int timescale;

    SegmentFiles(Path dir, Duration partTarget, Duration segmentDuration) {
        this.dir = dir;
        this.partTarget = partTarget;
        this.segmentDuration = segmentDuration;
    }

    @Override
    public void start(TrackFormat format) throws IOException {
        writer = new Fmp4Writer(format);
        timescale = format.timescale();
        segmenter = new Segmenter(format.kind(), timescale, partTarget, segmentDuration, this);
        Files.write(dir.resolve(INIT), writer.init());
    }

    @Override
    public void accept(Sample sample) throws IOException {
        segmenter.push(sample);
    }

    @Override
    public void finish() throws IOException {
        if (segmenter != null) {
            segmenter.finish();
        }
    }

    @Override
    public void part(Segmenter.Part part) throws IOException {
        Files.write(file(part.segment()), writer.fragment(part.samples()), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void segment(Segmenter.SegmentEnd end) {
        complete.add(new LocalSegment((int) end.segment(), (double) end.duration() / timescale, file(end.segment())));
    }

    private Path file(long segment) {
        return dir.resolve("s" + segment + ".m4s");
    }

    Path dir() {
        return dir;
    }

    /** Segments completed since the last call, oldest first. */
    List<LocalSegment> poll() {
        List<LocalSegment> out = List.copyOf(complete);
        complete.clear();
        return out;
    }
}
