package org.millrace.ingest.srt;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveInput;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;

/** Test input: keeps every publisher's bytes, in order of opening. */
final class RecordingLiveInput implements LiveInput {
    final List<Recording> recordings = new CopyOnWriteArrayList<>();

    static final class Recording implements LiveSink {
        final LiveSessionInfo session;
        final CompletableFuture<LiveEndReason> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Recording(LiveSessionInfo session) {
            this.session = session;
        }

        @Override
        public void write(byte[] chunk) {
            synchronized (bytes) {
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void close(LiveEndReason reason) {
            closed.complete(reason);
        }

        byte[] bytes() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }
    }

    @Override
    public LiveSink open(LiveSessionInfo session) {
        Recording recording = new Recording(session);
        recordings.add(recording);
        return recording;
    }

    Recording awaitRecording(String streamId, int index, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<Recording> ofStream = recordings.stream()
                    .filter(r -> r.session.streamId().equals(streamId))
                    .toList();
            if (ofStream.size() > index) {
                return ofStream.get(index);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no recording " + index + " of stream " + streamId);
    }
}
