package org.millrace.recorder.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.ParsedMasterPlaylist;
import org.millrace.hls.VodPlaylistWriter;
import org.millrace.transcoder.vod.Mp4Remuxer;
import org.millrace.transcoder.vod.PosterMaker;
import org.millrace.transcoder.vod.VodImageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a recording from what a live session left in storage: VOD playlists beside the live ones, a fast-start MP4
 * of the top video rendition and the audio (remuxed, never re-encoded), a poster and preview thumbnails. Works from
 * the storage listing, so segments a live playlist no longer (DVR window) or not yet (crash) lists are included.
 */
public final class SessionRecordingBuilder implements RecordingBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRecordingBuilder.class);

    private final Storage storage;
    private final Path workDir;
    private final WorkDirs workDirs;
    private final PosterMaker images;

    public SessionRecordingBuilder(Storage storage, Path workDir, VodImageSettings settings) {
        this.storage = storage;
        this.workDir = workDir;
        this.workDirs = new WorkDirs(workDir);
        this.images = new PosterMaker(settings);
    }

    @Override
    public boolean uploadsPending(String streamId, String sessionId) {
        return !LivePlaylistsEnded.check(storage, StorageLayout.liveSession(streamId, sessionId));
    }

    /**
     * Deletes the work directories recorders that died left behind under the work directory, never those of a
     * recorder still running (several may share it); call once at start-up. Answers how many were removed.
     */
    public int removeLeftovers() {
        int removed = workDirs.removeLeftovers();
        if (removed > 0) {
            LOG.info(
                    "removed {} work director{} left by a previous run under {}",
                    removed,
                    removed == 1 ? "y" : "ies",
                    workDir);
        }
        return removed;
    }

    @Override
    public RecordingMedia build(String streamId, String sessionId, String recordingId, ClaimCheck claim) {
        String prefix = StorageLayout.liveSession(streamId, sessionId);
        PhaseTimes times = new PhaseTimes();
        SessionInventory inventory = SessionInventory.read(storage, prefix);
        String videoName = topVideo(inventory);
        if (videoName == null) {
            throw new NothingCapturedException(
                    "no segment of session " + sessionId + " of stream " + streamId + " reached storage");
        }
        SessionInventory.Rendition video = inventory.renditions().get(videoName);
        SessionInventory.Rendition audio = audio(inventory, videoName);
        claim.stillOurs();
        writeVodPlaylists(inventory);
        times.mark("inventory+playlists");
        Path work = null;
        try {
            work = Files.createTempDirectory(workDirs.runDir(), "rec-" + recordingId + "-");
            Path mp4 = work.resolve("video.mp4");
            List<Mp4Remuxer.PartFiles> parts = downloadParts(video, audio, work);
            times.mark("download");
            Mp4Remuxer.Result result = Mp4Remuxer.remux(parts, mp4);
            times.mark("remux");

            String mp4Key = StorageLayout.recordingMp4(recordingId);
            long mp4Bytes = Files.size(mp4);
            claim.stillOurs();
            storage.put(mp4Key, mp4, "video/mp4");
            times.mark("upload");

            String posterKey = StorageLayout.recordingPoster(recordingId);
            PosterMaker.Image poster = images.poster(mp4, result.durationSeconds(), work.resolve("poster.jpg"));
            claim.stillOurs();
            storage.put(posterKey, poster.file(), "image/jpeg");

            String thumbsPrefix = StorageLayout.recordingThumbnails(recordingId);
            Path thumbsDir = Files.createDirectories(work.resolve("thumbs"));
            // A re-run may make fewer thumbnails than a previous one: none of the old ones may linger.
            claim.stillOurs();
            storage.deleteByPrefix(thumbsPrefix);
            List<RecordingMedia.Thumbnail> thumbnails = new ArrayList<>();
            for (PosterMaker.Image t :
                    images.thumbnails(mp4, result.durationSeconds(), result.width(), result.height(), thumbsDir)) {
                String key = thumbsPrefix + t.file().getFileName();
                claim.stillOurs();
                storage.put(key, t.file(), "image/jpeg");
                thumbnails.add(new RecordingMedia.Thumbnail(t.timeSeconds(), key));
            }
            times.mark("images");
            LOG.info(
                    "recording {}: {} s of {} ({}x{}) from {} segment(s) in {} epoch(s), {} part(s); {}",
                    recordingId,
                    String.format(java.util.Locale.ROOT, "%.2f", result.durationSeconds()),
                    prefix,
                    result.width(),
                    result.height(),
                    video.segments().size(),
                    video.inits().size(),
                    parts.size(),
                    times);
            return new RecordingMedia(
                    result.durationSeconds(),
                    result.width(),
                    result.height(),
                    mp4Key,
                    mp4Bytes,
                    posterKey,
                    thumbsPrefix,
                    thumbnails,
                    prefix,
                    RecordingMedia.VOD_MASTER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not build recording " + recordingId + " of " + prefix, e);
        } finally {
            WorkDirs.deleteTree(work);
        }
    }

    /** The video rendition with the highest BANDWIDTH in the live master, or the one with the most bytes. */
    private static String topVideo(SessionInventory inventory) {
        ParsedMasterPlaylist master = inventory.master();
        if (master != null) {
            String best = null;
            long bandwidth = -1;
            for (ParsedMasterPlaylist.VariantEntry v : master.variants()) {
                if (inventory.renditions().containsKey(v.rendition()) && v.bandwidth() > bandwidth) {
                    best = v.rendition();
                    bandwidth = v.bandwidth();
                }
            }
            if (best != null) {
                return best;
            }
        }
        String audio = master != null && master.audioRendition() != null ? master.audioRendition() : "audio";
        return inventory.renditions().values().stream()
                .filter(r -> !r.name().equals(audio))
                .max(Comparator.comparingLong(SessionRecordingBuilder::bytes))
                .map(SessionInventory.Rendition::name)
                .orElse(null);
    }

    private static SessionInventory.Rendition audio(SessionInventory inventory, String videoName) {
        ParsedMasterPlaylist master = inventory.master();
        String name = master != null ? master.audioRendition() : "audio";
        return name == null || name.equals(videoName)
                ? null
                : inventory.renditions().get(name);
    }

    private static long bytes(SessionInventory.Rendition r) {
        return r.segments().stream().mapToLong(SessionInventory.Segment::bytes).sum();
    }

    private void writeVodPlaylists(SessionInventory inventory) {
        for (SessionInventory.Rendition r : inventory.renditions().values()) {
            put(
                    inventory.prefix() + r.name() + "/" + RecordingMedia.VOD_MEDIA,
                    VodPlaylistWriter.media(vodSegments(r)));
        }
        ParsedMasterPlaylist master = inventory.master();
        String text = master != null ? master.pointingTo(RecordingMedia.VOD_MEDIA) : fallbackMaster(inventory);
        put(inventory.prefix() + RecordingMedia.VOD_MASTER, text);
    }

    /** The stored segments as the rendition's VOD playlist lists them: file names beside the playlist. */
    static List<VodPlaylistWriter.Segment> vodSegments(SessionInventory.Rendition r) {
        List<VodPlaylistWriter.Segment> out = new ArrayList<>(r.segments().size());
        for (SessionInventory.Segment s : r.segments()) {
            out.add(new VodPlaylistWriter.Segment(
                    s.sequence(),
                    s.durationSeconds(),
                    fileName(s.key()),
                    fileName(s.init().key())));
        }
        return out;
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The live master never reached storage (a crash right at the start): list each rendition by its bitrate. */
    private static String fallbackMaster(SessionInventory inventory) {
        List<VodPlaylistWriter.Stream> streams = new ArrayList<>();
        for (SessionInventory.Rendition r : inventory.renditions().values()) {
            double seconds = Math.max(0.001, r.durationSeconds());
            streams.add(new VodPlaylistWriter.Stream(
                    r.name() + "/" + RecordingMedia.VOD_MEDIA, Math.round(bytes(r) * 8 / seconds)));
        }
        return VodPlaylistWriter.master(streams);
    }

    private void put(String key, String text) {
        storage.put(key, text.getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
    }

    /** One local file per part of the MP4 and track: the part's init, then its segments. */
    private List<Mp4Remuxer.PartFiles> downloadParts(
            SessionInventory.Rendition video, SessionInventory.Rendition audio, Path work) throws IOException {
        List<Mp4Remuxer.PartFiles> out = new ArrayList<>();
        int n = 0;
        for (Mp4Plan.Part part : Mp4Plan.parts(video, audio)) {
            Path v = concat(part.video(), work.resolve("video-" + n + ".mp4"));
            Path a = part.audio().isEmpty() ? null : concat(part.audio(), work.resolve("audio-" + n + ".mp4"));
            out.add(new Mp4Remuxer.PartFiles(v, a));
            n++;
        }
        return out;
    }

    private Path concat(List<SessionInventory.Segment> segments, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            copy(segments.get(0).init().key(), out);
            for (SessionInventory.Segment s : segments) {
                copy(s.key(), out);
            }
        }
        return file;
    }

    private void copy(String key, OutputStream out) throws IOException {
        try (StorageObject o = storage.get(key);
                InputStream in = o.body()) {
            in.transferTo(out);
        }
    }
}
