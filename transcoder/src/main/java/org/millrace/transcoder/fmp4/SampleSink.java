package org.millrace.transcoder.fmp4;

import java.io.IOException;

/**
 * Where one rendition's encoded samples go (the packager of its parts and segments): told the track's format once,
 * before the first sample, then each sample in decode order, then the end of the input. Called on the pipeline's
 * thread only.
 */
public interface SampleSink {
    void start(TrackFormat format) throws IOException;

    void accept(Sample sample) throws IOException;

    void finish() throws IOException;
}
