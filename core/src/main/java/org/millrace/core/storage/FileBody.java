package org.millrace.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The body of a local storage object: a region of an open file. Readable as any stream, and also offers its
 * channel and region, so an HTTP server can hand the file to the kernel ({@code sendfile}) instead of copying it
 * through the JVM. Reads use positional reads: the region stays what it was even if the caller also sends it.
 */
public final class FileBody extends InputStream {
    private final FileChannel channel;
    private final long offset;
    private final long length;
    private long position;

    FileBody(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.offset = offset;
        this.length = length;
        this.position = offset;
    }

    /** The open file; closed by {@link #close()}. */
    public FileChannel channel() {
        return channel;
    }

    /** Where the region starts in the file. */
    public long offset() {
        return offset;
    }

    /** How many bytes the region has. */
    public long length() {
        return length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        long left = offset + length - position;
        if (len == 0) {
            return 0;
        }
        if (left <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, left)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, offset + length - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, offset + length - position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
