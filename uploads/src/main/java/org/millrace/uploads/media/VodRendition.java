package org.millrace.uploads.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.millrace.hls.LiveUris;
import org.millrace.hls.VodPlaylistWriter;
import org.millrace.transcoder.fmp4.Fmp4Writer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.Segmenter;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * One rendition of an upload as VOD fMP4 HLS in a local folder: the init segment, each segment as it completes
 * (the live {@link Segmenter} with parts as long as segments, so a segment is one fragment) and, at the end, its
 * {@code vod.m3u8}. Counts the bytes per segment for the master playlist's bandwidth of a copied source.
 */
final class VodRendition implements SampleSink, Segmenter.Output {
    static final String PLAYLIST = "vod.m3u8";
    private static final long FIRST = 0;

    private final String name;
    private final Path dir;
    private final Duration segment;
    private final List<VodPlaylistWriter.Segment> segments = new ArrayList<>();
    private Fmp4Writer writer;
    private Segmenter segmenter;
    private OutputStream open;
    private long openSequence = -1;
    private long openBytes;
    private long totalBytes;
    private double totalSeconds;
    private double peakBitrate;
    private TrackFormat format;

    VodRendition(String name, Path parent, Duration segment) throws IOException {
        this.name = name;
        this.dir = Files.createDirectories(parent.resolve(name));
        this.segment = segment;
    }

    @Override
    public void start(TrackFormat format) throws IOException {
        this.format = format;
        writer = new Fmp4Writer(format);
        Files.write(dir.resolve(LiveUris.init(FIRST)), writer.init());
        // Parts as long as segments (less the millisecond the segmenter adds to its part limit): one fragment each.
        segmenter = new Segmenter(format.kind(), format.timescale(), segment.minusMillis(1), segment, this);
    }

    @Override
    public void accept(Sample sample) throws IOException {
        segmenter.push(sample);
    }

    @Override
    public void finish() throws IOException {
        try {
            if (segmenter != null) {
                segmenter.finish();
            }
        } finally {
            closeOpen();
        }
        if (!segments.isEmpty()) {
            Files.writeString(dir.resolve(PLAYLIST), VodPlaylistWriter.media(segments), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void part(Segmenter.Part part) throws IOException {
        long sequence = FIRST + part.segment();
        if (sequence != openSequence) {
            closeOpen();
            open = Files.newOutputStream(dir.resolve(LiveUris.segment(sequence)));
            openSequence = sequence;
            openBytes = 0;
        }
        byte[] fragment = writer.fragment(part.samples());
        open.write(fragment);
        openBytes += fragment.length;
    }

    @Override
    public void segment(Segmenter.SegmentEnd end) throws IOException {
        closeOpen();
        double seconds = (double) end.duration() / format.timescale();
        long sequence = FIRST + end.segment();
        segments.add(
                new VodPlaylistWriter.Segment(sequence, seconds, LiveUris.segment(sequence), LiveUris.init(FIRST)));
        totalBytes += openBytes;
        totalSeconds += seconds;
        if (seconds > 0.5) {
            peakBitrate = Math.max(peakBitrate, openBytes * 8 / seconds);
        }
    }

    private void closeOpen() throws IOException {
        if (open != null) {
            OutputStream o = open;
            open = null;
            o.close();
        }
    }

    /** Closes the segment being written, if any (after a failure: its file goes with the work folder). */
    void close() {
        try {
            closeOpen();
        } catch (IOException ignored) {
            // the folder is removed anyway
        }
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    boolean hasSegments() {
        return !segments.isEmpty();
    }

    List<VodPlaylistWriter.Segment> segments() {
        return List.copyOf(segments);
    }

    double seconds() {
        return totalSeconds;
    }

    double averageBitrate() {
        return totalSeconds > 0 ? totalBytes * 8 / totalSeconds : 0;
    }

    double peakBitrate() {
        return Math.max(peakBitrate, averageBitrate());
    }

    /** The rendition as one fragmented MP4 file: its init segment and every segment, in order. */
    void concatenate(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Files.copy(dir.resolve(LiveUris.init(FIRST)), out);
            for (VodPlaylistWriter.Segment s : segments) {
                Files.copy(dir.resolve(s.uri()), out);
            }
        }
    }
}
