package org.millrace.uploads.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.millrace.uploads.media.Fixtures.ffmpeg;
import static org.millrace.uploads.media.Fixtures.probe;
import static org.millrace.uploads.media.Fixtures.stream;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload pipeline on small files Debian's ffmpeg makes, each checked with ffprobe: the ladder below the source
 * with the source copied when it is H.264, upright output for a rotated phone video, the fast-start MP4 and images,
 * and every kind of bad file refused with an error that says what it is.
 */
class UploadTranscoderTest {
    @TempDir
    Path dir;

    private final List<Integer> progress = new CopyOnWriteArrayList<>();

    private UploadMedia transcode(Path source) throws Exception {
        return transcode(source, UploadTranscodeSettings.defaults());
    }

    private UploadMedia transcode(Path source, UploadTranscodeSettings settings) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        return new UploadTranscoder(settings).transcode(source, work, progress::add);
    }

    private String rejection(Path source) {
        return rejection(source, UploadTranscodeSettings.defaults());
    }

    private String rejection(Path source, UploadTranscodeSettings settings) {
        Throwable t = catchThrowable(() -> transcode(source, settings));
        assertThat(t).isInstanceOf(UploadRejected.class);
        return t.getMessage();
    }

    @Test
    void anH264AacUploadIsCopiedBesideTheRungsBelowItWithAFastStartMp4PosterAndThumbnails() throws Exception {
        UploadMedia media = transcode(Fixtures.h264(dir.resolve("in.mp4"), "854x480", 5));
        assertThat(media.renditions()).containsExactly("source", "360p", "audio");
        String master = Files.readString(media.hls().resolve("master.m3u8"));
        assertThat(master)
                .contains(
                        "RESOLUTION=854x480",
                        "RESOLUTION=642x360",
                        "AUDIO=\"aac\"",
                        "URI=\"audio/vod.m3u8\"",
                        "source/vod.m3u8",
                        "360p/vod.m3u8")
                .doesNotContain("720p", "480p/");
        JsonObject rung = stream(probe(media.hls().resolve("360p/vod.m3u8")), "video");
        assertThat(rung.getInteger("width")).isEqualTo(642);
        assertThat(rung.getInteger("height")).isEqualTo(360);
        assertThat(Fixtures.decodedFrames(media.hls().resolve("source/vod.m3u8")))
                .isEqualTo(150);
        assertThat(Fixtures.decodedFrames(media.hls().resolve("360p/vod.m3u8"))).isEqualTo(150);
        assertThat(Files.readString(media.hls().resolve("360p/vod.m3u8")))
                .contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-MAP:URI=\"init-0.mp4\"", "#EXT-X-ENDLIST");

        assertThat(Fixtures.topLevelBoxes(media.mp4())).containsSubsequence("moov", "mdat");
        JsonObject mp4 = probe(media.mp4());
        assertThat(stream(mp4, "video").getString("codec_name")).isEqualTo("h264");
        assertThat(stream(mp4, "video").getInteger("width")).isEqualTo(854);
        assertThat(stream(mp4, "audio").getString("codec_name")).isEqualTo("aac");
        assertThat(media.durationSeconds()).isBetween(4.8, 5.2);
        assertThat(ImageIO.read(media.poster().toFile()).getWidth()).isEqualTo(854);
        assertThat(media.thumbnails()).hasSize(1);
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(95);
    }

    @Test
    void aRotatedPhoneVideoComesOutUprightAndIsNotCopied() throws Exception {
        // Landscape pictures, left half red and right half blue, with a display matrix of 90° (written on a copy:
        // this ffmpeg drops the tag when encoding). Players, and ffmpeg's own autorotate, show them turned a
        // quarter counter-clockwise: portrait, blue at the top.
        Path landscape = ffmpeg(
                dir.resolve("landscape.mp4"),
                "-filter_complex",
                "color=red:s=240x270:d=2:r=30[a];color=blue:s=240x270:d=2:r=30[b];[a][b]hstack",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        Path source = ffmpeg(
                dir.resolve("phone.mp4"), "-i", landscape.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90");
        assertThat(probe(source).encode()).contains("Display Matrix");
        assertThat(stream(probe(source), "video").getInteger("width")).isEqualTo(480);
        UploadMedia media = transcode(source);
        // Upright it is 270x480: its short side is below the lowest rung (360p), so it gets one rendition at its own
        // size, named by that short side (a portrait "360p" would be 360x640, more than the source has).
        assertThat(media.renditions()).containsExactly("270p");
        JsonObject rung = stream(probe(media.hls().resolve("270p/vod.m3u8")), "video");
        assertThat(rung.getInteger("width")).isEqualTo(270);
        assertThat(rung.getInteger("height")).isEqualTo(480);
        assertThat(rung.encode()).doesNotContain("rotation", "Display Matrix");
        BufferedImage poster = ImageIO.read(media.poster().toFile());
        assertThat(poster.getHeight()).isGreaterThan(poster.getWidth());
        Color top = new Color(poster.getRGB(poster.getWidth() / 2, poster.getHeight() / 8));
        Color bottom = new Color(poster.getRGB(poster.getWidth() / 2, poster.getHeight() * 7 / 8));
        assertThat(top.getBlue()).isGreaterThan(180);
        assertThat(top.getRed()).isLessThan(80);
        assertThat(bottom.getRed()).isGreaterThan(180);
        assertThat(bottom.getBlue()).isLessThan(80);
    }

    @Test
    void aVideoWithoutSoundHasNoAudioRendition() throws Exception {
        Path source = ffmpeg(
                dir.resolve("mute.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        UploadMedia media = transcode(source);
        assertThat(media.renditions()).containsExactly("source");
        assertThat(Files.readString(media.hls().resolve("master.m3u8"))).doesNotContain("AUDIO", "EXT-X-MEDIA");
        assertThat(stream(probe(media.mp4()), "audio")).isNull();
    }

    @Test
    void oddDimensionsAreEncodedAtTheEvenSizeBelow() throws Exception {
        Path source = ffmpeg(
                dir.resolve("odd.mkv"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=321x241:rate=25:duration=1",
                "-c:v",
                "ffv1");
        UploadMedia media = transcode(source);
        assertThat(media.renditions()).containsExactly("240p");
        JsonObject rung = stream(probe(media.hls().resolve("240p/vod.m3u8")), "video");
        assertThat(rung.getInteger("width")).isEqualTo(320);
        assertThat(rung.getInteger("height")).isEqualTo(240);
    }

    @Test
    void aVariableFrameRateVideoKeepsItsTiming() throws Exception {
        // 60 frames at uneven times: the first 30 at 30 fps, then one every 200 ms (1 s + 6 s = 7 s).
        Path source = ffmpeg(
                dir.resolve("vfr.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=30:duration=2",
                "-vf",
                "setpts='if(lt(N,30),N/30,1+(N-30)/5)/TB'",
                "-fps_mode",
                "vfr",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-frames:v",
                "60");
        UploadMedia media = transcode(source);
        assertThat(Fixtures.decodedFrames(media.hls().resolve("source/vod.m3u8")))
                .isEqualTo(60);
        assertThat(media.durationSeconds()).isBetween(6.5, 7.5);
    }

    @Test
    void hevc10BitVp9AndAv1AreTranscodedToH264() throws Exception {
        Path hevc = ffmpeg(
                dir.resolve("hevc.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=1",
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p10le",
                "-x265-params",
                "log-level=none");
        Path vp9 = ffmpeg(
                dir.resolve("vp9.webm"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=1",
                "-f",
                "lavfi",
                "-i",
                "sine=duration=1",
                "-c:v",
                "libvpx-vp9",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                "-c:a",
                "libopus");
        Path av1 = ffmpeg(
                dir.resolve("av1.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=1",
                "-c:v",
                "libsvtav1",
                "-preset",
                "12");
        for (Path source : List.of(hevc, vp9, av1)) {
            Path work = Files.createDirectories(dir.resolve("work-" + source.getFileName()));
            UploadMedia media =
                    new UploadTranscoder(UploadTranscodeSettings.defaults()).transcode(source, work, p -> {});
            assertThat(media.renditions()).as(source.getFileName().toString()).startsWith("360p");
            JsonObject rung = stream(probe(media.hls().resolve("360p/vod.m3u8")), "video");
            assertThat(rung.getString("codec_name")).isEqualTo("h264");
            assertThat(rung.getString("pix_fmt")).isEqualTo("yuv420p");
            assertThat(Fixtures.decodedFrames(media.hls().resolve("360p/vod.m3u8")))
                    .isEqualTo(25);
        }
    }

    @Test
    void a4kSourceGetsTheWholeLadderAndAn8kSourceIsRefused() throws Exception {
        UploadMedia media = transcode(ffmpeg(
                dir.resolve("4k.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=3840x2160:rate=30:duration=0.34",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p"));
        assertThat(media.renditions()).containsExactly("source", "1080p", "720p", "480p", "360p");
        assertThat(stream(probe(media.hls().resolve("1080p/vod.m3u8")), "video").getInteger("width"))
                .isEqualTo(1920);

        Path eightK = ffmpeg(
                dir.resolve("8k.mkv"),
                "-f",
                "lavfi",
                "-i",
                "color=gray:size=7680x4320:rate=1:duration=1",
                "-c:v",
                "mjpeg",
                "-frames:v",
                "1");
        assertThat(rejection(eightK))
                .isEqualTo("the video is 7680x4320, larger than the 4096x2304 (4K) this server "
                        + "transcodes; export it at 4K or less");
    }

    @Test
    void notAVideoIsRefusedSayingWhatItIs() throws Exception {
        Path png = ffmpeg(
                dir.resolve("picture"),
                "-f",
                "lavfi",
                "-i",
                "color=red:size=64x64",
                "-frames:v",
                "1",
                "-f",
                "image2",
                "-c:v",
                "png");
        assertThat(rejection(png)).isEqualTo("this is a still image (png), not a video");
        Path text = Files.writeString(
                dir.resolve("notes"), "Dear diary,\nthis is not a video.\n".repeat(200), StandardCharsets.UTF_8);
        assertThat(rejection(text)).startsWith("not a video: ");
        byte[] noise = new byte[256 * 1024];
        new Random(16).nextBytes(noise);
        assertThat(rejection(Files.write(dir.resolve("noise"), noise))).startsWith("not a video: ");
        assertThat(rejection(Files.write(dir.resolve("empty"), new byte[0]))).isEqualTo("the file is empty (0 bytes)");
    }

    @Test
    void aTruncatedMp4IsRefusedAsCutShort() throws Exception {
        Path whole = Fixtures.h264(dir.resolve("whole.mp4"), "640x360", 2);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(rejection(cut)).startsWith("the MP4 is incomplete: its index (the moov box) is missing");
    }

    @Test
    void audioOnlyIsRefused() throws Exception {
        Path song = ffmpeg(dir.resolve("song.m4a"), "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac");
        assertThat(rejection(song))
                .isEqualTo("audio only: the file has no video stream (found audio aac); upload a "
                        + "video, or add a picture to the sound");
    }

    @Test
    void aVideoLongerThanTheLimitIsRefusedBeforeItIsTranscoded() throws Exception {
        Path source = Fixtures.h264(dir.resolve("long.mp4"), "320x180", 4);
        assertThat(rejection(source, UploadTranscodeSettings.defaults().withMaxDuration(Duration.ofSeconds(2))))
                .isEqualTo("the video is 0:00:04 long, longer than the 0:00:02 this server takes");
    }

    @Test
    void aContainerClaimingHoursIsTranscodedForWhatItHolds() throws Exception {
        Path source = Fixtures.h264(dir.resolve("liar.mp4"), "640x360", 2);
        byte[] bytes = Files.readAllBytes(source);
        int mvhd = indexOf(bytes, "mvhd".getBytes(StandardCharsets.US_ASCII));
        // mvhd version 0: version/flags, creation, modification, timescale, duration (32 bits each).
        java.nio.ByteBuffer.wrap(bytes).putInt(mvhd + 4 + 16, 0x7fffffff);
        Files.write(source, bytes);
        assertThat(probe(source).getJsonObject("format").getString("duration")).startsWith("2147");
        UploadMedia media = transcode(source);
        assertThat(media.durationSeconds()).isBetween(1.9, 2.1);
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
