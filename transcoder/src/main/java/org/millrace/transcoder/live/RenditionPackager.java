package org.millrace.transcoder.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.hls.HlsPart;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LiveUris;
import org.millrace.hls.PlaylistTail;
import org.millrace.transcoder.fmp4.Fmp4Writer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.Segmenter;
import org.millrace.transcoder.fmp4.TrackFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition's samples to storage and into its playlist, as LL-HLS parts and whole segments. On the pipeline
 * thread it cuts parts and segments ({@link Segmenter}), writes them as fMP4 ({@link Fmp4Writer}) into the work
 * directory (a segment's file is its parts' fragments back to back) and queues them, numbered (epoch's first
 * sequence + index) and dated (epoch start + media time before them). The uploader thread stores the epoch's init
 * segment, then each part as soon as it is complete and each segment, and only then lists it, puts the classic
 * playlist on each segment and tells the listener. A part or segment the spool had no room for, or that storage
 * did not take within the spool's maximum age, is listed as a gap. Parts are deleted from storage once their
 * segment is more than {@code partSegments + PARTS_KEPT_SEGMENTS} segments old: RFC 8216bis 6.2.2 wants a part
 * available for three target durations after it left the playlist (which lists the parts of the last
 * {@code partSegments}). The end of an epoch (its publisher left) does not end the playlist: the session may resume
 * within its grace and goes on after a discontinuity; what parts are still kept pass to the next epoch, or to the
 * session's end ({@link SessionEnds}).
 */
final class RenditionPackager implements SampleSink, Segmenter.Output {
    private static final Logger LOG = LoggerFactory.getLogger(RenditionPackager.class);
    /** Segments a part is kept beyond the listed ones: 3 segments = 3 target durations. */
    static final int PARTS_KEPT_SEGMENTS = 3;
    /** Segment durations a part may wait behind slow puts (no outage) and still be stored. */
    static final int LATE_PART_SEGMENTS = 3;

    private final String name;
    private final String keyPrefix;
    private final TrackContext ctx;
    private final Path dir;
    /** This epoch's first sequence for this rendition (see {@link SessionPlaylists#firstSequence}). */
    private final long firstSequence;

    private Fmp4Writer writer;
    private Segmenter segmenter;
    private int timescale;
    private double mediaSeconds;
    private Instant segmentStart;
    private Path segmentFile;
    private OutputStream segmentOut;
    private boolean dropping;
    // Uploader thread only from here.
    private boolean initStored;
    private byte[] init;
    private long openSequence = -1;
    private boolean openDiscontinuity;
    private final ArrayDeque<long[]> storedParts = new ArrayDeque<>(); // {sequence, parts}
    private boolean tookParts;
    private boolean lateParts;
    private long partsSequence = -1;
    private int partsStored;
    private volatile double peakBitrate;
    private volatile double storedBits;
    private volatile double storedSeconds;
    private volatile boolean listedThisEpoch;

    RenditionPackager(String name, TrackContext ctx) throws IOException {
        this.name = name;
        this.ctx = ctx;
        this.keyPrefix = ctx.sessionPrefix() + name + "/";
        this.dir = Files.createDirectories(ctx.work().resolve(name));
        this.firstSequence = ctx.playlists().firstSequence(name, ctx.epoch());
    }

    String name() {
        return name;
    }

    boolean listedThisEpoch() {
        return listedThisEpoch;
    }

    /** Bits per second of the densest segment stored so far. */
    double peakBitrate() {
        return peakBitrate;
    }

    double averageBitrate() {
        return storedSeconds > 0 ? storedBits / storedSeconds : 0;
    }

    @Override
    public void start(TrackFormat format) {
        writer = new Fmp4Writer(format);
        timescale = format.timescale();
        segmenter = new Segmenter(format.kind(), timescale, ctx.partTarget(), ctx.segmentDuration(), this);
        byte[] bytes = writer.init();
        ctx.uploader().submit(() -> init = bytes);
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
        // The playlist stays open (the session may resume); the parts still kept go to whoever deletes them next.
        ctx.uploader().submit(() -> {
            takeEarlierParts();
            ctx.playlists().leaveParts(name, storedParts);
            storedParts.clear();
        });
    }

    /** Pipeline thread: a complete part, written and queued at once. */
    @Override
    public void part(Segmenter.Part part) throws IOException {
        long sequence = firstSequence + part.segment();
        if (part.index() == 0) {
            segmentStart = ctx.epochStart().plusNanos((long) (mediaSeconds * 1e9));
            ctx.playlists().reserve(name, sequence);
            segmentFile = dir.resolve(LiveUris.segment(sequence));
            segmentOut = Files.newOutputStream(segmentFile);
        }
        byte[] fragment = writer.fragment(part.samples());
        segmentOut.write(fragment);
        Path file = dir.resolve(LiveUris.part(sequence, part.index()));
        Files.write(file, fragment);
        HlsPart listed = new HlsPart(
                part.index(),
                part.duration() / (double) timescale,
                LiveUris.part(sequence, part.index()),
                part.independent(),
                false);
        Instant pdt = segmentStart;
        long made = System.nanoTime();
        if (!ctx.uploader().offerSegment(fragment.length, () -> publishPart(sequence, pdt, listed, file, made))) {
            dropped(sequence, "part " + sequence + "." + part.index());
            deleteQuietly(file);
            ctx.uploader().submit(() -> listPart(sequence, pdt, gap(listed)));
        }
    }

    /** Pipeline thread: the segment whose parts all went out is complete. */
    @Override
    public void segment(Segmenter.SegmentEnd end) throws IOException {
        long sequence = firstSequence + end.segment();
        double seconds = end.duration() / (double) timescale;
        mediaSeconds += seconds;
        segmentOut.close();
        Path file = segmentFile;
        HlsSegment listed =
                new HlsSegment(sequence, seconds, LiveUris.segment(sequence), segmentStart, initName(), false, false);
        if (ctx.uploader().offerSegment(Files.size(file), () -> publishSegment(listed, end.parts(), file))) {
            dropping = false;
        } else {
            dropped(sequence, "segment " + sequence);
            deleteQuietly(file);
            ctx.uploader().submit(() -> listSegment(listed, end.parts(), true));
        }
    }

    private void dropped(long sequence, String what) {
        ctx.metrics().droppedSegments.increment();
        if (!dropping) {
            dropping = true; // one line per run of drops
            LOG.warn(
                    "upload spool full: dropping the parts and segments of {} from {} on (listed as gaps)",
                    keyPrefix,
                    what);
        }
    }

    private boolean storeInit() {
        if (!initStored && init != null) {
            initStored = ctx.uploader().put(keyPrefix + initName(), init, false);
        }
        return initStored;
    }

    private void publishPart(long sequence, Instant pdt, HlsPart part, Path file, long madeNanos) {
        long waited = System.nanoTime() - madeNanos;
        long segment = ctx.segmentDuration().toNanos();
        if (waited > segment && ctx.uploader().catchingUp() || waited > segment * LATE_PART_SEGMENTS) {
            // A backlog: a part that waited a segment duration while the uploader catches up after an outage (or
            // several behind slow puts) is behind every client at the live edge, and storing it would only delay the
            // segments behind
            // it, which are stored whole as usual. Listed as a gap. Not merely for waiting one segment duration:
            // a hiccup that long (a failover's first seconds on a busy node) listed GAP=YES parts at the live edge,
            // and hls.js stopped loading there.
            deleteQuietly(file);
            if (!lateParts) {
                lateParts = true; // one line per run of late parts
                LOG.warn(
                        "upload backlog: parts of {} waited {} ms for storage; listed as gaps from part {}.{} on "
                                + "until the backlog clears",
                        keyPrefix,
                        TimeUnit.NANOSECONDS.toMillis(waited),
                        sequence,
                        part.index());
            }
            listPart(sequence, pdt, gap(part));
            return;
        }
        lateParts = false;
        boolean stored = storeInit() && ctx.uploader().put(keyPrefix + part.uri(), file, true);
        deleteQuietly(file);
        if (sequence != partsSequence) {
            partsSequence = sequence;
            partsStored = 0;
        }
        if (stored) {
            partsStored = Math.max(partsStored, part.index() + 1);
        }
        listPart(sequence, pdt, stored ? part : gap(part));
    }

    private void listPart(long sequence, Instant pdt, HlsPart part) {
        if (sequence != openSequence) {
            openSequence = sequence;
            // An earlier epoch listed segments: this one's first follows a discontinuity. Epoch 0 may follow too
            // when it resumed playlists another process wrote (StoredPlaylists).
            openDiscontinuity = !listedThisEpoch && ctx.playlists().lists(name);
            ctx.playlists().open(name, sequence, pdt, initName(), openDiscontinuity);
        }
        ctx.playlists().addPart(name, part);
        tell();
    }

    private void publishSegment(HlsSegment segment, int parts, Path file) {
        long size = sizeOf(file);
        boolean stored = storeInit() && ctx.uploader().put(keyPrefix + segment.uri(), file, true);
        if (stored && segment.durationSeconds() > 0) {
            peakBitrate = Math.max(peakBitrate, size * 8 / segment.durationSeconds());
            storedBits += size * 8;
            storedSeconds += segment.durationSeconds();
        }
        deleteQuietly(file);
        if (!stored) {
            ctx.metrics().droppedSegments.increment();
            LOG.warn("storage failed: segment {} of {} listed as a gap", segment.sequence(), keyPrefix);
        }
        listSegment(segment, parts, !stored);
    }

    private void listSegment(HlsSegment segment, int parts, boolean gap) {
        boolean discontinuity = segment.sequence() == openSequence
                ? openDiscontinuity
                : !listedThisEpoch && ctx.playlists().lists(name);
        String text = ctx.playlists()
                .add(
                        name,
                        new HlsSegment(
                                segment.sequence(),
                                segment.durationSeconds(),
                                segment.uri(),
                                segment.programDateTime(),
                                segment.mapUri(),
                                discontinuity,
                                gap));
        listedThisEpoch = true;
        ctx.uploader().put(keyPrefix + "index.m3u8", text.getBytes(StandardCharsets.UTF_8), false);
        tell();
        ctx.onListed().run();
        // Only the parts that went to storage need deleting later (stored ones are a prefix: later ones are skipped).
        takeEarlierParts();
        storedParts.add(new long[] {segment.sequence(), segment.sequence() == partsSequence ? partsStored : 0});
        while (storedParts.size() > ctx.partSegments() + PARTS_KEPT_SEGMENTS + 1) {
            deleteParts(storedParts.poll());
        }
    }

    /** Uploader thread: the parts an earlier epoch of the session left in storage are this one's to delete. */
    private void takeEarlierParts() {
        if (!tookParts) {
            tookParts = true;
            List<long[]> earlier = ctx.playlists().takeParts(name);
            for (int i = earlier.size() - 1; i >= 0; i--) {
                storedParts.addFirst(earlier.get(i));
            }
        }
    }

    private void tell() {
        PlaylistTail tail = ctx.playlists().tail(name, ctx.partSegments());
        if (tail != null) {
            ctx.listener().playlistChanged(ctx.info(), name, tail);
        }
    }

    private void deleteParts(long[] segment) {
        for (int i = 0; i < segment[1]; i++) {
            ctx.uploader().delete(keyPrefix + LiveUris.part(segment[0], i));
        }
    }

    private static HlsPart gap(HlsPart p) {
        return new HlsPart(p.index(), p.durationSeconds(), p.uri(), p.independent(), true);
    }

    /** Named after the epoch's first sequence: a segment's init is the greatest-numbered one not above it. */
    private String initName() {
        return LiveUris.init(firstSequence);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", file, e.toString());
        }
    }
}
