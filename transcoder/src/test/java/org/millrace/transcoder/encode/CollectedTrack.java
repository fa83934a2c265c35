package org.millrace.transcoder.encode;

import java.util.ArrayList;
import java.util.List;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.TrackFormat;

/** Test support: a sink that keeps what it is given and checks the order of the calls. */
final class CollectedTrack implements SampleSink {
    TrackFormat format;
    final List<Sample> samples = new ArrayList<>();
    boolean finished;

    @Override
    public void start(TrackFormat f) {
        if (format != null) {
            throw new IllegalStateException("started twice");
        }
        format = f;
    }

    @Override
    public void accept(Sample sample) {
        if (format == null || finished) {
            throw new IllegalStateException("sample outside start..finish");
        }
        samples.add(sample);
    }

    @Override
    public void finish() {
        finished = true;
    }

    long bytes() {
        return samples.stream().mapToLong(s -> s.data().length).sum();
    }
}
