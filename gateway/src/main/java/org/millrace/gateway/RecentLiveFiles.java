package org.millrace.gateway;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.netty.buffer.Unpooled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * The bytes of the live segments, parts and init files read in the last seconds, so that the many viewers who ask
 * for a new segment within seconds of each other are answered from memory, on the event loop, without a storage
 * read and a worker hop each (issue 15: a popular stream is thousands of requests for the same few files).
 *
 * <p>Only names that are never rewritten within a session are kept ({@link MediaFile#neverRewritten}), and the
 * caller has checked that the session is on air before asking, so an answer from here is what storage would give.
 * Entries go in arrival order: past {@link #maxAge} (a live viewer asks for a file within a few segment durations
 * of its appearing; a DVR viewer further back reads storage) or past the byte and count bounds, the oldest go first.
 * The bytes of an entry still being written to a socket when it goes stay referenced until that write ends: at most
 * one file per connection.
 */
final class RecentLiveFiles {
    /** A new segment is wanted by its live viewers within a few target durations; 1 s segments by default. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);
    /** At 1 s segments, 10 s of a 1080p ladder (~8 Mb/s in all, parts and segments both) is ~20 MB per stream. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    static final int DEFAULT_MAX_ENTRIES = 8192;

    /** One kept file: its bytes and the validators storage gave with them. */
    record Kept(Buffer body, String etag, Instant lastModified, long keptAtNanos) {
    }

    private final long maxAgeNanos;
    private final long maxBytes;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Kept> files = new LinkedHashMap<>();
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
                .description("Live segment, part and init requests answered from the gateway's memory").register(registry);
        FunctionCounter.builder("millrace.gateway.live.memory.misses", this, RecentLiveFiles::misses)
                .description("Live segment, part and init requests that read storage").register(registry);
        Gauge.builder("millrace.gateway.live.memory.bytes", this, RecentLiveFiles::bytes).baseUnit("bytes")
                .description("Bytes of live files kept in the gateway's memory").register(registry);
        return this;
    }

    /** The file kept under {@code key}, or null when it is not (or no longer) kept. */
    synchronized Kept get(String key) {
        dropExpired();
        Kept kept = files.get(key);
        if (kept == null) {
            misses++;
        } else {
            hits++;
        }
        return kept;
    }

    /** Keeps {@code body} as the file under {@code key}, unless it alone would exceed the byte bound. */
    synchronized void put(String key, Buffer body, String etag, Instant lastModified) {
        if (body.length() > maxBytes || files.containsKey(key)) {
            return; // a second reader of the same new file: the first copy stays, its age is the true one
        }
        files.put(key, new Kept(offHeap(body), etag, lastModified, nanoTime.getAsLong()));
        bytes += body.length();
        Iterator<Map.Entry<String, Kept>> oldest = files.entrySet().iterator();
        while ((files.size() > maxEntries || bytes > maxBytes) && oldest.hasNext()) {
            bytes -= oldest.next().getValue().body().length();
            oldest.remove();
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

    /** Lets go of what has outlived the age bound; called from a timer too, so an idle gateway holds nothing. */
    synchronized void dropExpired() {
        long now = nanoTime.getAsLong();
        Iterator<Map.Entry<String, Kept>> oldest = files.entrySet().iterator();
        while (oldest.hasNext()) {
            Kept kept = oldest.next().getValue();
            if (now - kept.keptAtNanos() < maxAgeNanos) {
                return; // arrival order: everything after it is younger
            }
            bytes -= kept.body().length();
            oldest.remove();
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
