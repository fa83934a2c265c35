package org.millrace.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.StorageObject;
import org.millrace.hls.HlsSegment;
import org.millrace.hls.LiveUris;
import org.millrace.hls.MediaPlaylist;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.fmp4.AvcConfig;
import org.millrace.transcoder.fmp4.Fmp4Writer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.Segmenter;
import org.millrace.transcoder.fmp4.TrackFormat;
import org.millrace.transcoder.vod.VodImageSettings;

/**
 * A live session stored the LL-HLS way (the transcoder's fMP4 packager: one moof + mdat per part, segments that
 * are their parts back to back, the part objects beside them) records like any other: parts are not taken for
 * segments, and every frame of the session is in the recording.
 */
class PartedSessionTest {
    private static final String PREFIX = "live/s1/k1/";

    @TempDir
    Path dir;

    @Test
    void aSessionStoredInPartsRecordsEveryFrame() throws Exception {
        Path src = dir.resolve("src.mp4");
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x180:rate=30",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-t",
                        "7",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-bf",
                        "3",
                        "-g",
                        "60",
                        "-keyint_min",
                        "60",
                        "-sc_threshold",
                        "0",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "96k",
                        src.toString()),
                120);
        List<Sample> video = new ArrayList<>();
        List<Sample> audio = new ArrayList<>();
        TrackFormat[] formats = demux(src, video, audio);
        try (LocalStorage storage = new LocalStorage(dir.resolve("storage"))) {
            int videoSegments = store(storage, "source", formats[0], video);
            int audioSegments = store(storage, "audio", formats[1], audio);
            assertThat(videoSegments).isEqualTo(4);
            assertThat(audioSegments).isEqualTo(4);
            storage.put(
                    PREFIX + "master.m3u8",
                    ("#EXTM3U\n#EXT-X-VERSION:7\n"
                                    + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"audio\",DEFAULT=YES,URI=\"audio/index.m3u8\"\n"
                                    + "#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=320x180,CODECS=\"avc1.64000d,mp4a.40.2\","
                                    + "AUDIO=\"aac\"\nsource/index.m3u8\n")
                            .getBytes(StandardCharsets.UTF_8),
                    null);

            RecordingMedia media = new SessionRecordingBuilder(
                            storage, dir.resolve("recorder"), VodImageSettings.defaults())
                    .build("s1", "k1", "rec1");

            Path mp4 = dir.resolve("video.mp4");
            try (StorageObject o = storage.get(media.mp4Key())) {
                Files.write(mp4, o.readAllBytes());
            }
            String frames = Commands.run(
                    List.of(
                            "ffprobe",
                            "-v",
                            "error",
                            "-select_streams",
                            "v:0",
                            "-count_frames",
                            "-show_entries",
                            "stream=nb_read_frames",
                            "-of",
                            "csv=p=0",
                            mp4.toString()),
                    60);
            assertThat(frames.strip()).isEqualTo(Integer.toString(video.size()));
            assertThat(LiveSessionMaker.decodeErrors(mp4)).as("decode errors").isEmpty();
            assertThat(media.durationSeconds()).isCloseTo(7.0, org.assertj.core.data.Offset.offset(0.2));
        }
    }

    /** Packages a track into storage as the transcoder does; answers its segment count. */
    private static int store(LocalStorage storage, String rendition, TrackFormat format, List<Sample> samples)
            throws Exception {
        String keys = PREFIX + rendition + "/";
        Fmp4Writer writer = new Fmp4Writer(format);
        storage.put(keys + LiveUris.init(0), writer.init(), null);
        MediaPlaylist playlist = new MediaPlaylist(Duration.ofSeconds(2), Duration.ofHours(2));
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        double[] elapsed = {0};
        Segmenter segmenter = new Segmenter(
                format.kind(),
                format.timescale(),
                Duration.ofMillis(333),
                Duration.ofSeconds(2),
                new Segmenter.Output() {
                    @Override
                    public void part(Segmenter.Part part) {
                        byte[] fragment = writer.fragment(part.samples());
                        storage.put(keys + LiveUris.part(part.segment(), part.index()), fragment, null);
                        segment.writeBytes(fragment);
                    }

                    @Override
                    public void segment(Segmenter.SegmentEnd end) {
                        storage.put(keys + LiveUris.segment(end.segment()), segment.toByteArray(), null);
                        segment.reset();
                        double seconds = end.duration() / (double) format.timescale();
                        playlist.add(new HlsSegment(
                                end.segment(),
                                seconds,
                                LiveUris.segment(end.segment()),
                                start.plusNanos((long) (elapsed[0] * 1e9)),
                                LiveUris.init(0),
                                false,
                                false));
                        elapsed[0] += seconds;
                    }
                });
        for (Sample s : samples) {
            segmenter.push(s);
        }
        segmenter.finish();
        playlist.end();
        storage.put(keys + "index.m3u8", playlist.render().getBytes(StandardCharsets.UTF_8), null);
        return (int) playlist.nextSequence();
    }

    /** The H.264 and AAC packets of an MP4 as an encoder would hand them to the packager; answers both formats. */
    private static TrackFormat[] demux(Path mp4, List<Sample> video, List<Sample> audio) throws Exception {
        TrackFormat[] formats = new TrackFormat[2];
        int[] index = {-1, -1};
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
            grabber.start();
            for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
                AVStream st = grabber.getFormatContext().streams(i);
                AVCodecParameters par = st.codecpar();
                byte[] extra = new byte[par.extradata_size()];
                par.extradata().get(extra);
                if (par.codec_id() == avcodec.AV_CODEC_ID_H264) {
                    index[0] = i;
                    formats[0] = TrackFormat.h264(
                            st.time_base().den(), par.width(), par.height(), AvcConfig.fromExtradata(extra));
                } else if (par.codec_id() == avcodec.AV_CODEC_ID_AAC) {
                    index[1] = i;
                    formats[1] =
                            TrackFormat.aac(par.sample_rate(), par.ch_layout().nb_channels(), extra);
                }
            }
            AVPacket p;
            while ((p = grabber.grabPacket()) != null) {
                byte[] data = new byte[p.size()];
                p.data().capacity(p.size()).get(data);
                Sample s = new Sample(p.dts(), p.pts(), p.duration(), (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0, data);
                if (p.stream_index() == index[0]) {
                    video.add(s);
                } else if (p.stream_index() == index[1]) {
                    audio.add(s);
                }
            }
            grabber.stop();
        }
        return formats;
    }
}
