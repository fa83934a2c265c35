package org.millrace.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bytes of the live segments, parts and init files read in the last seconds, so that the many viewers who ask
 * for a new segment within seconds of each other are answered from memory, on the event loop, without a storage
 * read and a worker hop each (issue 15: a popular stream is thousands of requests for the same few files).
 *
 * <p>Only names that are never rewritten within a session are kept ({@link MediaFile#neverRewritten}), and the
 * caller has checked that the session is on air before asking, so an answer from here is what storage would give.
 * A file stays while it is asked for: {@link #maxAge} after its last request it goes (a live viewer asks for a file
 * within a few segment durations of its appearing; a DVR viewer further back reads storage), and past the byte and
 * count bounds the least recently asked go first.
 * The bytes of an entry still being written to a socket when it goes stay referenced until that write ends: at most
 * one file per connection.
 */
final class RecentLiveFiles {
    /** Live viewers ask for a new file within a few target durations of each other; 1 s segments by default. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);
    /** At 1 s segments, 10 s of a 1080p ladder (~8 Mb/s in all, parts and segments both) is ~20 MB per stream. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    static final int DEFAULT_MAX_ENTRIES = 8192;

    /** One kept file: its bytes and the validators storage gave with them. */
    record Kept(Buffer body, String etag, Instant lastModified) {}

    /** A kept file and when it was last asked for. */
    private static final class Entry {
        final Kept kept;
        long usedAtNanos;

        Entry(Kept kept, long usedAtNanos) {
            this.kept = kept;
            this.usedAtNanos = usedAtNanos;
        }
    }

    private final long maxAgeNanos;
    private final long maxBytes;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    /** Access order: the least recently asked first, so both bounds and the age are checked from the head. */
    private final LinkedHashMap<String, Entry> files = new LinkedHashMap<>(64, 0.75f, true);

    private long bytes;
    private long hits;
    private long misses;

    RecentLiveFiles(Duration maxAge, long maxBytes, int maxEntries, LongSupplier nanoTime) {
        if (maxAge.isNegative() || maxAge.isZero() || maxBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxAgeNanos = maxAge.toNanos();
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    static RecentLiveFiles defaults() {
        return new RecentLiveFiles(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /** Registers its hit and miss counters and its byte gauge; returns itself. */
    RecentLiveFiles countedIn(MeterRegistry registry) {
        FunctionCounter.builder("millrace.gateway.live.memory.hits", this, RecentLiveFiles::hits)
                .description("Live segment, part and init requests answered from the gateway's memory")
                .register(registry);
        FunctionCounter.builder("millrace.gateway.live.memory.misses", this, RecentLiveFiles::misses)
                .description("Live segment, part and init requests that read storage")
                .register(registry);
        Gauge.builder("millrace.gateway.live.memory.bytes", this, RecentLiveFiles::bytes)
                .baseUnit("bytes")
                .description("Bytes of live files kept in the gateway's memory")
                .register(registry);
        return this;
    }

    /** The file kept under {@code key}, or null when it is not (or no longer) kept. */
    synchronized Kept get(String key) {
        dropExpired();
        Entry entry = files.get(key);
        if (entry == null) {
            misses++;
            return null;
        }
        hits++;
        entry.usedAtNanos = nanoTime.getAsLong();
        return entry.kept;
    }

    /** Keeps {@code body} as the file under {@code key}, unless it alone would exceed the byte bound. */
    synchronized void put(String key, Buffer body, String etag, Instant lastModified) {
        if (body.length() > maxBytes || files.containsKey(key)) {
            return; // a second reader of the same new file: the first copy stays
        }
        files.put(key, new Entry(new Kept(offHeap(body), etag, lastModified), nanoTime.getAsLong()));
        bytes += body.length();
        Iterator<Map.Entry<String, Entry>> eldest = files.entrySet().iterator();
        while ((files.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().kept.body().length();
            eldest.remove();
        }
        dropExpired();
    }

    /**
     * A copy in direct memory: Netty writes a direct buffer to the socket as it is, where it copies a heap one into a
     * direct one on every write, i.e. once per viewer. The memory is the JVM's (a plain direct ByteBuffer, freed
     * when unreachable), never a pooled buffer that a release could recycle while a socket write still reads it.
     */
    private static Buffer offHeap(Buffer body) {
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length());
        direct.put(((BufferInternal) body).getByteBuf().nioBuffer()).flip();
        return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
    }

    /** Lets go of what nobody asked for within the age bound; called from a timer too, so an idle gateway holds nothing. */
    synchronized void dropExpired() {
        long now = nanoTime.getAsLong();
        Iterator<Map.Entry<String, Entry>> eldest = files.entrySet().iterator();
        while (eldest.hasNext()) {
            Entry entry = eldest.next().getValue();
            if (now - entry.usedAtNanos < maxAgeNanos) {
                return; // access order: everything after it was asked for more recently
            }
            bytes -= entry.kept.body().length();
            eldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return files.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    Duration maxAge() {
        return Duration.ofNanos(maxAgeNanos);
    }
}
