package org.millrace.uploads.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * What an uploaded file is, checked before anything is encoded: each way a file cannot become a video is an
 * {@link UploadRejected} whose message names what was found (an empty file, no media FFmpeg can read, a picture, a
 * sound without a picture, a codec without a decoder here, a picture too large, media too long).
 *
 * @param rotation how far the pictures turn clockwise to be upright (0, 90, 180, 270), from the display matrix
 */
record SourceProbe(
        AVStream video, AVStream audio, int width, int height, int rotation, double fps, double declaredSeconds) {

    /** Opens and checks the file; the grabber is the caller's to close whatever happens. */
    static SourceProbe open(FFmpegFrameGrabber grabber, Path file, UploadTranscodeSettings settings)
            throws UploadRejected, java.io.IOException {
        if (Files.size(file) == 0) {
            throw new UploadRejected("the file is empty (0 bytes)");
        }
        try {
            grabber.startUnsafe();
        } catch (Exception e) {
            throw new UploadRejected(unreadable(file));
        }
        AVFormatContext format = grabber.getFormatContext();
        String container =
                format.iformat() == null ? "?" : format.iformat().name().getString();
        AVStream video = null;
        AVStream audio = null;
        List<String> found = new ArrayList<>();
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            AVCodecParameters p = s.codecpar();
            boolean coverArt = (s.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
            if (p.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && !coverArt && video == null) {
                video = s;
            } else if (p.codec_type() == avutil.AVMEDIA_TYPE_AUDIO && audio == null) {
                audio = s;
            }
            found.add(kind(p.codec_type(), coverArt) + " " + codecName(p.codec_id()));
        }
        if (container.endsWith("_pipe") || container.equals("image2")) {
            throw new UploadRejected("this is a still image (" + container.replace("_pipe", "") + "), not a video");
        }
        if (video == null) {
            if (audio != null) {
                throw new UploadRejected("audio only: the file has no video stream (found " + String.join(", ", found)
                        + "); upload a video, or add a picture to the sound");
            }
            throw new UploadRejected("not a video: FFmpeg read it as " + container + " but found no video stream"
                    + (found.isEmpty() ? "" : " (found " + String.join(", ", found) + ")"));
        }
        AVCodecParameters p = video.codecpar();
        var decoder = avcodec.avcodec_find_decoder(p.codec_id());
        if (decoder == null || decoder.isNull() || p.width() <= 0 || p.height() <= 0) {
            throw new UploadRejected("the video codec " + codecName(p.codec_id())
                    + " cannot be decoded here; H.264, HEVC, VP8, VP9, AV1, MPEG-4 and ProRes can");
        }
        if ((long) p.width() * p.height() > settings.maxPixels()) {
            throw new UploadRejected("the video is " + p.width() + "x" + p.height() + ", larger than the 4096x2304 "
                    + "(4K) this server transcodes; export it at 4K or less");
        }
        double declared = declaredSeconds(format, video);
        if (declared > settings.maxDuration().toSeconds() + 1) {
            throw new UploadRejected("the video is " + clock(declared) + " long, longer than the "
                    + clock(settings.maxDuration().toSeconds()) + " this server takes");
        }
        int rotation = (int) Math.round(-grabber.getDisplayRotation());
        rotation = ((rotation % 360) + 360) % 360;
        rotation = (int) (Math.round(rotation / 90.0) * 90) % 360;
        return new SourceProbe(video, audio, p.width(), p.height(), rotation, frameRate(video), declared);
    }

    /**
     * The duration the video stream's own index gives (an MP4's sample tables, a Matroska's track), else the
     * container's: a container header that lies (an edited duration field) does not make a short file "too long".
     */
    private static double declaredSeconds(AVFormatContext format, AVStream video) {
        AVRational base = video.time_base();
        if (video.duration() != avutil.AV_NOPTS_VALUE && video.duration() > 0 && base.den() > 0) {
            return video.duration() * (double) base.num() / base.den();
        }
        return format.duration() != avutil.AV_NOPTS_VALUE && format.duration() > 0
                ? format.duration() / (double) avutil.AV_TIME_BASE
                : 0;
    }

    private static double frameRate(AVStream video) {
        AVRational r = video.avg_frame_rate().num() > 0 ? video.avg_frame_rate() : video.r_frame_rate();
        double fps = r.den() > 0 ? (double) r.num() / r.den() : 0;
        return fps >= 1 && fps <= 120 ? fps : 30;
    }

    /** Why FFmpeg could not open it: an MP4 (its "ftyp" box comes first) cut short, or not media at all. */
    private static String unreadable(Path file) throws java.io.IOException {
        byte[] head = new byte[12];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "the MP4 is incomplete: its index (the moov box) is missing, the file was probably cut short; "
                    + "upload the whole file";
        }
        return "not a video: FFmpeg cannot read this file as any media format it knows";
    }

    static String codecName(int codecId) {
        String name = avcodec.avcodec_get_name(codecId).getString();
        return name == null || name.isEmpty() ? "unknown" : name;
    }

    private static String kind(int type, boolean coverArt) {
        return switch (type) {
            case avutil.AVMEDIA_TYPE_VIDEO -> coverArt ? "cover art" : "video";
            case avutil.AVMEDIA_TYPE_AUDIO -> "audio";
            case avutil.AVMEDIA_TYPE_SUBTITLE -> "subtitles";
            default -> "data";
        };
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
