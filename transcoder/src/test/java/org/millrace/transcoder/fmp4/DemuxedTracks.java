package org.millrace.transcoder.fmp4;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The H.264 and AAC tracks of an MP4 made by Debian's ffmpeg, read packet by packet with javacv's FFmpeg (the mp4
 * demuxer gives length-prefixed NAL units and the avcC extradata): what an encoder hands the packager.
 */
public record DemuxedTracks(TrackFormat videoFormat, List<Sample> video, TrackFormat audioFormat, List<Sample> audio) {
    /** A test pattern with a tone: libx264 with B-frames and a GOP of {@code gopFrames} at 30 fps, AAC at 48 kHz. */
    public static Path make(Path dir, int seconds, int gopFrames) throws Exception {
        Path out = dir.resolve("src.mp4");
        FfmpegTool.run(List.of(
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
                Integer.toString(seconds),
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-bf",
                "3",
                "-g",
                Integer.toString(gopFrames),
                "-keyint_min",
                Integer.toString(gopFrames),
                "-sc_threshold",
                "0",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                out.toString()));
        return out;
    }

    public static DemuxedTracks read(Path mp4) throws Exception {
        List<Sample> video = new ArrayList<>();
        List<Sample> audio = new ArrayList<>();
        TrackFormat videoFormat = null;
        TrackFormat audioFormat = null;
        int videoIndex = -1;
        int audioIndex = -1;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
            grabber.start();
            var ctx = grabber.getFormatContext();
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream st = ctx.streams(i);
                AVCodecParameters par = st.codecpar();
                byte[] extra = new byte[par.extradata_size()];
                par.extradata().get(extra);
                if (par.codec_id() == avcodec.AV_CODEC_ID_H264) {
                    videoIndex = i;
                    videoFormat = TrackFormat.h264(
                            st.time_base().den(), par.width(), par.height(), AvcConfig.fromExtradata(extra));
                    if (st.time_base().num() != 1) {
                        throw new AssertionError("time base " + st.time_base().num() + "/"
                                + st.time_base().den());
                    }
                } else if (par.codec_id() == avcodec.AV_CODEC_ID_AAC) {
                    audioIndex = i;
                    audioFormat =
                            TrackFormat.aac(par.sample_rate(), par.ch_layout().nb_channels(), extra);
                    if (st.time_base().den() != par.sample_rate()) {
                        throw new AssertionError(
                                "audio time base " + st.time_base().den());
                    }
                }
            }
            AVPacket p;
            while ((p = grabber.grabPacket()) != null) {
                byte[] data = new byte[p.size()];
                p.data().capacity(p.size()).get(data);
                boolean key = (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
                long dts = p.dts() == avutil.AV_NOPTS_VALUE ? p.pts() : p.dts();
                Sample s = new Sample(dts, p.pts(), p.duration(), key, data);
                if (p.stream_index() == videoIndex) {
                    video.add(s);
                } else if (p.stream_index() == audioIndex) {
                    audio.add(s);
                }
            }
            grabber.stop();
        }
        return new DemuxedTracks(videoFormat, video, audioFormat, audio);
    }
}
