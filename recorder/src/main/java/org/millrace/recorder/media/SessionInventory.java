package org.millrace.recorder.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.core.storage.ByteRange;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageException;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageNotFoundException;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.ParsedMasterPlaylist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What of a live session reached storage, from the storage listing rather than the live playlists (they keep only
 * the DVR window and, after a crash, may lag the segments stored): per rendition its init segments and its segments
 * in sequence order, each with its duration read from its movie fragments and the init it belongs to. Bytes that
 * are not fMP4 (a garbage segment or init) are left out like segments that never arrived; storage failures are not.
 */
record SessionInventory(String prefix, ParsedMasterPlaylist master, Map<String, Rendition> renditions) {

    private static final Logger LOG = LoggerFactory.getLogger(SessionInventory.class);
    /** Segments up to this size are read whole to find their duration (2 s at 6 Mb/s is 1.5 MB). */
    private static final long WHOLE_SEGMENT_BYTES = 16L * 1024 * 1024;

    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,18})\\.m4s");
    private static final Pattern INIT = Pattern.compile("init-(\\d{1,18})\\.mp4");

    /** One epoch's init segment: it serves the segments from {@code sequence} up to the next init. */
    record Init(long sequence, String key) {}

    /** One stored segment; {@code init} is the greatest-numbered init not above its sequence. */
    record Segment(long sequence, String key, long bytes, double durationSeconds, Init init) {}

    /** A rendition directory: its name and segments in sequence order (missing sequences simply absent). */
    record Rendition(String name, List<Init> inits, List<Segment> segments) {

        double durationSeconds() {
            double total = 0;
            for (Segment s : segments) {
                total += s.durationSeconds();
            }
            return total;
        }

        /** Segments grouped by init, in order: one group per epoch (publisher connection). */
        Map<Init, List<Segment>> epochs() {
            Map<Init, List<Segment>> out = new LinkedHashMap<>();
            for (Segment s : segments) {
                out.computeIfAbsent(s.init(), i -> new ArrayList<>()).add(s);
            }
            return out;
        }
    }

    static SessionInventory read(Storage storage, String prefix) {
        Map<String, TreeMap<Long, ObjectInfo>> inits = new TreeMap<>();
        Map<String, TreeMap<Long, ObjectInfo>> segments = new TreeMap<>();
        for (ObjectInfo o : storage.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
                continue;
            }
            String rendition = rest.substring(0, slash);
            String file = rest.substring(slash + 1);
            Matcher s = SEGMENT.matcher(file);
            Matcher i = INIT.matcher(file);
            if (s.matches()) {
                segments.computeIfAbsent(rendition, r -> new TreeMap<>()).put(Long.parseLong(s.group(1)), o);
            } else if (i.matches()) {
                inits.computeIfAbsent(rendition, r -> new TreeMap<>()).put(Long.parseLong(i.group(1)), o);
            }
        }
        ParsedMasterPlaylist master = readMaster(storage, prefix + StorageLayout.LIVE_MASTER);
        Map<String, Rendition> renditions = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, ObjectInfo>> e : segments.entrySet()) {
            TreeMap<Long, ObjectInfo> initsOf = inits.getOrDefault(e.getKey(), new TreeMap<>());
            Rendition r = rendition(storage, e.getKey(), initsOf, e.getValue());
            if (!r.segments().isEmpty()) {
                renditions.put(e.getKey(), r);
            }
        }
        return new SessionInventory(prefix, master, renditions);
    }

    private static Rendition rendition(
            Storage storage, String name, TreeMap<Long, ObjectInfo> inits, TreeMap<Long, ObjectInfo> segments) {
        Map<Long, Init> initsBySequence = new LinkedHashMap<>();
        Map<Long, Optional<Fmp4Boxes.TrackTiming>> timings = new LinkedHashMap<>();
        for (Map.Entry<Long, ObjectInfo> e : inits.entrySet()) {
            initsBySequence.put(e.getKey(), new Init(e.getKey(), e.getValue().key()));
        }
        List<Segment> out = new ArrayList<>();
        for (Map.Entry<Long, ObjectInfo> e : segments.entrySet()) {
            Map.Entry<Long, ObjectInfo> initEntry = inits.floorEntry(e.getKey());
            if (initEntry == null || e.getValue().size() == 0) {
                continue; // a segment without its init cannot be decoded
            }
            Init init = initsBySequence.get(initEntry.getKey());
            Optional<Fmp4Boxes.TrackTiming> readable =
                    timings.computeIfAbsent(init.sequence(), k -> timingOf(storage, init.key()));
            if (readable.isEmpty()) {
                continue; // its init is garbage: as if it were missing
            }
            Fmp4Boxes.TrackTiming timing = readable.get();
            ObjectInfo info = e.getValue();
            long units;
            try {
                units = Fmp4Boxes.segmentDuration(reader(storage, info), info.size(), timing);
            } catch (MalformedMediaException | RuntimeException ex) {
                if (ex instanceof StorageException storageTrouble) {
                    throw storageTrouble; // the recording is tried again later
                }
                // Garbage where a segment should be: a gap, like a segment that never arrived, not a failed recording.
                LOG.warn("skipping malformed segment {}: {}", info.key(), ex.toString());
                continue;
            } catch (IOException ex) {
                throw new UncheckedIOException("unreadable segment " + info.key(), ex);
            }
            if (units <= 0) {
                LOG.warn("skipping segment {} without media", info.key());
                continue;
            }
            out.add(new Segment(e.getKey(), info.key(), info.size(), (double) units / timing.timescale(), init));
        }
        List<Init> used = new ArrayList<>();
        for (Segment s : out) {
            if (used.isEmpty() || used.get(used.size() - 1) != s.init()) {
                used.add(s.init());
            }
        }
        return new Rendition(name, List.copyOf(used), List.copyOf(out));
    }

    /** The init's timing; empty when its bytes are not an fMP4 init (its segments are then skipped). */
    private static Optional<Fmp4Boxes.TrackTiming> timingOf(Storage storage, String key) {
        byte[] bytes;
        try (StorageObject o = storage.get(key)) {
            bytes = o.readAllBytes();
        }
        try {
            return Optional.of(Fmp4Boxes.trackTiming(bytes));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping the segments of malformed init {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads a segment's boxes for its duration. An LL-HLS segment is one moof+mdat per part (ten at 200 ms parts):
     * a ranged read per box header would be a storage round trip each, so a segment of ordinary size is read once.
     */
    private static Fmp4Boxes.RangeReader reader(Storage storage, ObjectInfo info) {
        if (info.size() > WHOLE_SEGMENT_BYTES) {
            return (offset, length) -> read(storage, info.key(), offset, length);
        }
        byte[][] whole = new byte[1][];
        return (offset, length) -> {
            if (whole[0] == null) {
                try (StorageObject o = storage.get(info.key())) {
                    whole[0] = o.readAllBytes();
                }
            }
            int from = (int) Math.min(offset, whole[0].length);
            return Arrays.copyOfRange(whole[0], from, (int) Math.min(whole[0].length, (long) from + length));
        };
    }

    private static byte[] read(Storage storage, String key, long offset, int length) throws IOException {
        try (StorageObject o = storage.get(key, ByteRange.of(offset, length));
                InputStream in = o.body()) {
            return in.readNBytes(length);
        }
    }

    private static ParsedMasterPlaylist readMaster(Storage storage, String key) {
        try (StorageObject o = storage.get(key)) {
            return ParsedMasterPlaylist.parse(new String(o.readAllBytes(), StandardCharsets.UTF_8));
        } catch (StorageNotFoundException e) {
            return null;
        }
    }

    boolean isEmpty() {
        return renditions.isEmpty();
    }
}
