package org.millrace.uploads.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.millrace.core.bus.VideoImportBody;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.uploads.media.UploadMedia;

/**
 * Puts what an upload became into storage under its recording folder (the upload's id: {@code video.mp4},
 * {@code poster.jpg}, {@code thumbs/}, {@code hls/}), which the video library serves as {@code /vod/<videoId>/} and
 * deletes with the video, and answers the import body naming those keys with the uploader's details.
 */
final class UploadPublisher {
    /** The stream id an uploaded video carries in the library: it came from no live stream. */
    static final String UPLOAD_STREAM = "upload";

    private final Storage storage;

    UploadPublisher(Storage storage) {
        this.storage = storage;
    }

    /** Blocking: storage calls. Segments first, playlists after them, the master last (nothing lists a missing file). */
    VideoImportBody publish(TranscodeJob job, UploadMedia media) throws IOException {
        String hls = StorageLayout.recordingHls(job.id());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(media.hls())) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        files.sort((a, b) -> Integer.compare(order(a, media), order(b, media)));
        for (Path file : files) {
            String relative = media.hls().relativize(file).toString().replace('\\', '/');
            storage.put(hls + relative, file, contentType(relative));
        }
        String mp4Key = StorageLayout.recordingMp4(job.id());
        storage.put(mp4Key, media.mp4(), "video/mp4");
        String posterKey = StorageLayout.recordingPoster(job.id());
        storage.put(posterKey, media.poster(), "image/jpeg");
        String thumbs = StorageLayout.recordingThumbnails(job.id());
        List<VideoImportBody.Thumbnail> thumbnails = new ArrayList<>();
        for (int i = 0; i < media.thumbnails().size(); i++) {
            UploadMedia.Thumbnail t = media.thumbnails().get(i);
            String key = thumbs + i + ".jpg";
            storage.put(key, t.file(), "image/jpeg");
            thumbnails.add(new VideoImportBody.Thumbnail(t.timeSeconds(), key));
        }
        return new VideoImportBody(
                job.id(),
                UPLOAD_STREAM,
                job.id(),
                job.ownerId(),
                job.ownerUsername(),
                job.title(),
                job.description(),
                job.visibility(),
                job.tags(),
                job.createdAt(),
                media.durationSeconds(),
                media.width(),
                media.height(),
                mp4Key,
                Files.size(media.mp4()),
                posterKey,
                thumbs,
                thumbnails,
                hls,
                UploadMedia.MASTER);
    }

    private static int order(Path file, UploadMedia media) {
        String name = file.getFileName().toString();
        if (file.getParent().equals(media.hls())) {
            return 2; // the master
        }
        return name.endsWith(".m3u8") ? 1 : 0;
    }

    private static String contentType(String path) {
        if (path.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        return path.endsWith(".jpg") ? "image/jpeg" : "video/mp4";
    }
}
