package org.millrace.ingest.srt;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveInput;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.media.LiveSinkStats;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.srt.stream.StreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted publisher. The listener's event loop calls the {@link StreamHandler} methods: they only copy the
 * payload into a bounded queue (dropping and counting when it is full) and report opening and closing to the
 * verticle. A pump on an ingest thread feeds the queue to the {@link LiveSink} once the streams service has
 * answered which session this is.
 */
final class PublishSession implements StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishSession.class);
    private static final long POLL_MILLIS = 100;

    interface Owner {
        void opened(PublishSession session);

        void closed(PublishSession session);
    }

    final String streamId;
    /** What the authorization granted, handed back at start (the stored key hash, not the key). */
    final String grant;

    private final Owner owner;
    private final BlockingQueue<byte[]> queue;
    private final AtomicLong overflowBytes = new AtomicLong();
    private volatile SrtConnectionInfo connection;
    private volatile LiveSink sink;
    private volatile LiveEndReason endReason;
    private volatile boolean discarding;
    private volatile long lastDataNanos = System.nanoTime();

    // Guarded by this: the session as the streams service knows it, and whether the publisher already left.
    private String sessionId;
    private boolean started;
    private boolean closed;
    private boolean stopReported;
    List<Meter> meters = List.of();

    PublishSession(String streamId, String grant, int queueCapacity, Owner owner) {
        this.streamId = streamId;
        this.grant = grant;
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    // ---- StreamHandler: the listener's event loop --------------------------------------------------------------

    @Override
    public void onOpen(SrtConnectionInfo info) {
        this.connection = info;
        owner.opened(this);
    }

    @Override
    public void onData(io.netty.buffer.ByteBuf payload) {
        int length = payload.readableBytes();
        lastDataNanos = System.nanoTime();
        if (discarding) {
            return;
        }
        byte[] copy = new byte[length];
        payload.getBytes(payload.readerIndex(), copy);
        if (!queue.offer(copy)) {
            overflowBytes.addAndGet(length);
        }
    }

    @Override
    public void onClose(CloseReason reason) {
        endReason = switch (reason) {
            case PEER_CLOSED -> LiveEndReason.PUBLISHER_CLOSED;
            case PEER_IDLE_TIMEOUT -> LiveEndReason.PUBLISHER_IDLE;
            case LOCAL_CLOSE -> LiveEndReason.SERVER_CLOSED;
        };
        owner.closed(this);
    }

    // ---- state shared with the verticle -----------------------------------------------------------------------

    SrtConnectionInfo connection() {
        return connection;
    }

    /** When the last payload arrived (or the session was created). */
    long lastDataNanos() {
        return lastDataNanos;
    }

    long overflowBytes() {
        return overflowBytes.get();
    }

    LiveEndReason endReason() {
        return endReason;
    }

    /** The streams service opened or resumed the session; answers whether the publisher already left. */
    synchronized boolean markStarted(String id) {
        sessionId = id;
        started = true;
        return closed;
    }

    /** The publisher left; answers whether the session had started (so a stop must be reported). */
    synchronized boolean markClosed() {
        closed = true;
        return started;
    }

    /** True once: the caller reports the stop. */
    synchronized boolean claimStopReport() {
        if (stopReported) {
            return false;
        }
        stopReported = true;
        return true;
    }

    /** The media measures of the sink being fed, or unknown before it is open and after it is closed. */
    LiveSinkStats sinkStats() {
        LiveSink current = sink;
        return current == null ? LiveSinkStats.UNKNOWN : current.stats();
    }

    synchronized String sessionId() {
        return sessionId;
    }

    /** The session was refused or the sink failed: drop whatever arrives from now on. */
    void discard() {
        discarding = true;
        queue.clear();
    }

    /** Ends the SRT connection (SHUTDOWN to the caller); {@code onClose} follows on the listener's loop. */
    void closeConnection() {
        SrtConnectionInfo c = connection;
        if (c != null) {
            c.close();
        }
    }

    // ---- the pump: an ingest thread ---------------------------------------------------------------------------

    /** Feeds the queue to a sink opened on {@code input} until the publisher has left and the queue is empty. */
    Runnable pump(LiveInput input, LiveSessionInfo info, Consumer<Throwable> onSinkFailure) {
        return () -> {
            LiveSink sink = null;
            try {
                sink = input.open(info);
                this.sink = sink;
                while (true) {
                    byte[] chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (chunk != null) {
                        sink.write(chunk);
                    } else if (endReason != null && queue.isEmpty()) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                discard();
                onSinkFailure.accept(e);
            } finally {
                this.sink = null;
                if (sink != null) {
                    try {
                        LiveEndReason reason = endReason;
                        sink.close(reason == null ? LiveEndReason.SERVER_CLOSED : reason);
                    } catch (RuntimeException e) {
                        LOG.warn("live sink of stream {} failed to close: {}", streamId, e.toString());
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        return "PublishSession[stream=" + streamId + "]";
    }
}
