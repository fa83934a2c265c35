package org.millrace.transcoder.live;

import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bridge between the ingest's thread (which offers chunks) and the demuxer's thread (which reads): a bounded
 * queue of chunks read as one stream. A full queue blocks the writer for at most {@code offerTimeoutMillis} and then
 * drops the chunk (the ingest must not stall behind a slow encoder); once the reader has gone, writes are discarded.
 */
final class ChunkInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private final long offerTimeoutMillis;
    private volatile boolean readerGone;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    ChunkInputStream(int capacity, long offerTimeoutMillis) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.offerTimeoutMillis = offerTimeoutMillis;
    }

    /** Returns false when the chunk was dropped (queue full past the timeout, or nobody reads any more). */
    boolean offer(byte[] chunk) {
        if (readerGone || chunk.length == 0) {
            return !readerGone;
        }
        try {
            return queue.offer(chunk, offerTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** No more chunks: the reader sees end of stream once the queue is drained. */
    void finish() {
        while (!readerGone) {
            try {
                if (queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int depth() {
        return queue.size();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended || readerGone) {
                return -1;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /** The reader is done: unblock and discard whatever writers still offer. */
    @Override
    public void close() {
        readerGone = true;
        queue.clear();
    }
}
