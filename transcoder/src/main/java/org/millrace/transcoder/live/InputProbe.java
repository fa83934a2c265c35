package org.millrace.transcoder.live;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Opening a publisher's transport stream, with the reason the creator is shown when it cannot be played: nothing
 * FFmpeg can read ({@code input_corrupt}), no video stream at all ({@code no_video}: audio only, or a codec MPEG-TS
 * only carries as private data), a video stream FFmpeg cannot size ({@code unsupported_codec}), or one larger than
 * this server takes ({@code too_large}).
 */
final class InputProbe {
    /** 4096x2304 (DCI 4K width at 16:9): the largest source taken. */
    static final long MAX_PIXELS = 4096L * 2304;

    private InputProbe() {}

    static void start(FFmpegFrameGrabber grabber) throws MediaFault {
        try {
            grabber.startUnsafe();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new MediaFault(
                    MediaFault.INPUT_CORRUPT,
                    "not a readable MPEG-TS (" + message.lines().findFirst().orElse("") + ")",
                    false);
        }
    }

    /** The first video stream, sized; the fault names what the input carries instead. */
    static AVStream video(AVFormatContext format) throws MediaFault {
        AVStream video = null;
        List<String> found = new ArrayList<>();
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            AVCodecParameters p = s.codecpar();
            if (p.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && video == null) {
                video = s;
            }
            found.add(kind(p.codec_type()) + " " + MediaChecks.name(p.codec_id()) + tag(p.codec_tag()));
        }
        if (video == null && found.stream().anyMatch(f -> f.endsWith("(AV01)"))) {
            // OBS marks AV1 with an "AV01" registration descriptor; the bundled FFmpeg's demuxer leaves it as data.
            throw new MediaFault(
                    MediaFault.UNSUPPORTED_CODEC, "unsupported codec av1 in MPEG-TS (send H.264 or HEVC)", false);
        }
        if (video == null) {
            throw new MediaFault(
                    MediaFault.NO_VIDEO,
                    found.isEmpty()
                            ? "no video stream (no streams at all)"
                            : "no video stream (found " + String.join(", ", found) + ")",
                    false);
        }
        AVCodecParameters p = video.codecpar();
        if (p.codec_id() != avcodec.AV_CODEC_ID_NONE
                && avcodec.avcodec_find_decoder(p.codec_id()) != null
                && (p.width() <= 0 || p.height() <= 0)) {
            // Listed in the PMT, decodable, but no picture came within the probe: the encoder sends no video.
            throw new MediaFault(
                    MediaFault.NO_VIDEO,
                    "the video stream (" + MediaChecks.name(p.codec_id()) + ") carries no picture",
                    false);
        }
        if (p.codec_id() == avcodec.AV_CODEC_ID_NONE || p.width() <= 0 || p.height() <= 0) {
            throw new MediaFault(
                    MediaFault.UNSUPPORTED_CODEC,
                    "video stream " + MediaChecks.name(p.codec_id()) + " could not be decoded",
                    false);
        }
        if ((long) p.width() * p.height() > MAX_PIXELS) {
            // Each decoded picture is copied once more for the rungs: a 16384x16384 source would cost ~800 MB a frame.
            throw new MediaFault(
                    MediaFault.TOO_LARGE,
                    p.width() + "x" + p.height() + " is above the 4096x2304 this " + "server takes",
                    false);
        }
        return video;
    }

    /** A registration descriptor's format identifier, when it is four printable characters. */
    private static String tag(int tag) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            char c = (char) ((tag >>> (8 * i)) & 0xff);
            if (c < 0x20 || c > 0x7e) {
                return "";
            }
            s.append(c);
        }
        return " (" + s + ")";
    }

    private static String kind(int type) {
        return switch (type) {
            case avutil.AVMEDIA_TYPE_VIDEO -> "video";
            case avutil.AVMEDIA_TYPE_AUDIO -> "audio";
            case avutil.AVMEDIA_TYPE_SUBTITLE -> "subtitles";
            default -> "data";
        };
    }
}
