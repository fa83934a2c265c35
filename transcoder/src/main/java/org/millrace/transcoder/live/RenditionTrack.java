package org.millrace.transcoder.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.millrace.hls.HlsSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one rendition's finished segments from its work directory to storage and into its playlist. The pipeline
 * thread numbers them (epoch's first sequence + index) and dates them (epoch start + media time before them) in
 * order; the uploader thread stores the epoch's init segment, then each segment, and only then lists it and puts
 * the playlist. A segment the upload spool had no room for, or that storage did not take within the spool's maximum
 * age, is listed as an EXT-X-GAP, so numbering stays aligned and the hole is marked.
 */
final class RenditionTrack {
    private static final Logger LOG = LoggerFactory.getLogger(RenditionTrack.class);

    private final String name;
    private final String keyPrefix;
    private final Path dir;
    private final SegmentFiles finished;
    private final SessionPlaylists session;
    private final SessionPlaylists.Epoch epoch;
    private final Instant epochStart;
    private final SegmentUploader uploader;
    private final PipelineMetrics metrics;
    private final Runnable onListed;
    private final ConcurrentLinkedQueue<Pending> dropped = new ConcurrentLinkedQueue<>();
    private double mediaSeconds;
    private long droppingSince = -1;
    // Uploader thread only from here.
    private boolean initStored;
    private volatile double peakBitrate;
    private volatile double storedBits;
    private volatile double storedSeconds;
    private volatile boolean listedThisEpoch;

    RenditionTrack(String name, String sessionPrefix, Path dir, SegmentFiles finished, SessionPlaylists session,
                   SessionPlaylists.Epoch epoch, Instant epochStart, SegmentUploader uploader,
                   PipelineMetrics metrics, Runnable onListed) {
        this.name = name;
        this.keyPrefix = sessionPrefix + name + "/";
        this.dir = dir;
        this.finished = finished;
        this.session = session;
        this.epoch = epoch;
        this.epochStart = epochStart;
        this.uploader = uploader;
        this.metrics = metrics;
        this.onListed = onListed;
    }

    String name() {
        return name;
    }

    boolean listedThisEpoch() {
        return listedThisEpoch;
    }

    /** Pipeline thread: hands newly finished segments to the uploader. */
    void poll() throws IOException {
        for (LocalSegment s : finished.poll()) {
            long sequence = epoch.firstSequence() + s.index();
            Pending p = new Pending(sequence, s.durationSeconds(),
                    epochStart.plusNanos((long) (mediaSeconds * 1e9)), s.file());
            mediaSeconds += s.durationSeconds();
            session.reserve(sequence);
            if (uploader.offerSegment(sizeOf(p.file()), () -> publish(p))) {
                droppingSince = -1;
            } else {
                metrics.droppedSegments.increment();
                if (droppingSince < 0) {
                    droppingSince = sequence; // one line per run of drops, not one per segment
                    LOG.warn("upload spool full: dropping segments of {} from {} on (listed as gaps)", keyPrefix,
                            sequence);
                }
                dropped.add(p);
                deleteQuietly(p.file());
            }
        }
    }

    /** Pipeline thread, after the last poll: ends the playlist once everything queued before is stored. */
    void finish() {
        uploader.submit(() -> {
            listDroppedBefore(Long.MAX_VALUE);
            String text = session.end(name);
            if (text != null) {
                uploader.put(keyPrefix + "index.m3u8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        false);
            }
        });
    }

    private void publish(Pending p) {
        listDroppedBefore(p.sequence());
        String init = initName();
        if (!initStored) {
            initStored = uploader.put(keyPrefix + init, dir.resolve(SegmentFiles.INIT), false);
        }
        long size = sizeOf(p.file());
        boolean stored = initStored && uploader.put(keyPrefix + p.sequence() + ".m4s", p.file(), true);
        if (stored && p.durationSeconds() > 0) {
            peakBitrate = Math.max(peakBitrate, size * 8 / p.durationSeconds());
            storedBits += size * 8;
            storedSeconds += p.durationSeconds();
        }
        deleteQuietly(p.file());
        if (!stored) {
            metrics.droppedSegments.increment();
            LOG.warn("storage failed: segment {} of {} listed as a gap", p.sequence(), keyPrefix);
        }
        list(p, !stored);
    }

    private void listDroppedBefore(long sequence) {
        Pending g;
        while ((g = dropped.peek()) != null && g.sequence() < sequence) {
            dropped.poll();
            list(g, true);
        }
    }

    private void list(Pending p, boolean gap) {
        // An earlier epoch listed segments: this one's first follows a discontinuity. Epoch 0 may follow too when
        // it resumed playlists another process wrote (StoredPlaylists).
        boolean discontinuity = !listedThisEpoch && session.lists(name);
        String text = session.add(name, new HlsSegment(p.sequence(), p.durationSeconds(), p.sequence() + ".m4s",
                p.programDateTime(), initName(), discontinuity, gap));
        uploader.put(keyPrefix + "index.m3u8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        listedThisEpoch = true;
        onListed.run();
    }

    /** Bits per second of the densest segment stored so far. */
    double peakBitrate() {
        return peakBitrate;
    }

    double averageBitrate() {
        return storedSeconds > 0 ? storedBits / storedSeconds : 0;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Named after the epoch's first sequence: a segment's init is the greatest-numbered one not above it. */
    private String initName() {
        return "init-" + epoch.firstSequence() + ".mp4";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", file, e.toString());
        }
    }

    private record Pending(long sequence, double durationSeconds, Instant programDateTime, Path file) {
    }
}
