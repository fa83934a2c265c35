package org.millrace.uploads.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.transcoder.vod.Mp4Remuxer;
import org.millrace.transcoder.vod.PosterMaker;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * The files beside an upload's HLS, made the recorder's way: the best video rendition and the audio joined into one
 * fast-start MP4 ({@link Mp4Remuxer}, no re-encode), then the poster and thumbnails from it ({@link PosterMaker}).
 */
final class VideoFiles {
    private final VodImageSettings images;

    VideoFiles(VodImageSettings images) {
        this.images = images;
    }

    UploadMedia make(
            Path work, Path hls, List<String> renditions, VodRendition video, VodRendition audio, int width, int height)
            throws IOException {
        Path videoTrack = work.resolve("video-track.mp4");
        video.concatenate(videoTrack);
        Path audioTrack = null;
        if (audio != null && audio.hasSegments()) {
            audioTrack = work.resolve("audio-track.mp4");
            audio.concatenate(audioTrack);
        }
        Path mp4 = work.resolve("video.mp4");
        Mp4Remuxer.Result result = Mp4Remuxer.remux(List.of(new Mp4Remuxer.PartFiles(videoTrack, audioTrack)), mp4);
        Files.delete(videoTrack);
        if (audioTrack != null) {
            Files.delete(audioTrack);
        }
        double duration = result.durationSeconds();
        PosterMaker maker = new PosterMaker(images);
        PosterMaker.Image poster = maker.poster(mp4, duration, work.resolve("poster.jpg"));
        Path thumbs = Files.createDirectories(work.resolve("thumbs"));
        List<UploadMedia.Thumbnail> thumbnails = new ArrayList<>();
        for (PosterMaker.Image t : maker.thumbnails(mp4, duration, width, height, thumbs)) {
            thumbnails.add(new UploadMedia.Thumbnail(t.timeSeconds(), t.file()));
        }
        return new UploadMedia(hls, renditions, mp4, poster.file(), thumbnails, duration, width, height);
    }
}
