package org.millrace.recorder;

import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.recorder.media.ClaimCheck;
import org.millrace.recorder.media.NothingCapturedException;
import org.millrace.recorder.media.RecordingBuilder;
import org.millrace.recorder.media.RecordingMedia;

/**
 * The recorder's media seam in tests: writes tiny files under the contract's keys into real storage, and can be
 * told to fail the first n builds of a stream, to find nothing captured, or to take a while. Asks the claim before
 * each write, as the real builder does. Remembers every build it ran.
 */
final class TestRecordingBuilder implements RecordingBuilder {
    /** One build: which session, and whether it ran on a Vert.x event loop (it must not). */
    record Build(String streamId, String sessionId, String recordingId, boolean onEventLoop) {}

    private final Storage storage;
    private final List<Build> builds = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Boolean> empty = new ConcurrentHashMap<>();
    private final Map<String, Duration> slow = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ended = new ConcurrentHashMap<>();

    TestRecordingBuilder(Storage storage) {
        this.storage = storage;
    }

    void failFirst(String streamId, int times) {
        failuresLeft.put(streamId, new AtomicInteger(times));
    }

    void nothingCaptured(String streamId) {
        empty.put(streamId, true);
    }

    /** Builds of the stream take {@code time} before they write anything. */
    void slow(String streamId, Duration time) {
        slow.put(streamId, time);
    }

    /** How many builds of the stream are over, whatever their outcome. */
    int ended(String streamId) {
        AtomicInteger n = ended.get(streamId);
        return n == null ? 0 : n.get();
    }

    List<Build> builds(String streamId) {
        return builds.stream().filter(b -> b.streamId().equals(streamId)).toList();
    }

    @Override
    public RecordingMedia build(String streamId, String sessionId, String recordingId, ClaimCheck claim) {
        try {
            return buildOnce(streamId, sessionId, recordingId, claim);
        } finally {
            ended.computeIfAbsent(streamId, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private RecordingMedia buildOnce(String streamId, String sessionId, String recordingId, ClaimCheck claim) {
        builds.add(new Build(streamId, sessionId, recordingId, Context.isOnEventLoopThread()));
        if (empty.containsKey(streamId)) {
            throw new NothingCapturedException("no segment of session " + sessionId + " reached storage");
        }
        AtomicInteger left = failuresLeft.get(streamId);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("disk on fire\n\tat somewhere.Deep(Deep.java:1)");
        }
        Duration time = slow.get(streamId);
        if (time != null) {
            try {
                Thread.sleep(time.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        String prefix = StorageLayout.liveSession(streamId, sessionId);
        claim.stillOurs();
        storage.put(StorageLayout.recordingMp4(recordingId), "ftypmoovmdat".getBytes(StandardCharsets.US_ASCII), null);
        storage.put(StorageLayout.recordingPoster(recordingId), new byte[] {(byte) 0xFF, (byte) 0xD8}, null);
        storage.put(
                StorageLayout.recordingThumbnails(recordingId) + "0.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8}, null);
        storage.put(prefix + RecordingMedia.VOD_MASTER, "#EXTM3U\n".getBytes(StandardCharsets.US_ASCII), null);
        return new RecordingMedia(
                12.5,
                1280,
                720,
                StorageLayout.recordingMp4(recordingId),
                12,
                StorageLayout.recordingPoster(recordingId),
                StorageLayout.recordingThumbnails(recordingId),
                List.of(new RecordingMedia.Thumbnail(0, StorageLayout.recordingThumbnails(recordingId) + "0.jpg")),
                prefix,
                RecordingMedia.VOD_MASTER);
    }
}
