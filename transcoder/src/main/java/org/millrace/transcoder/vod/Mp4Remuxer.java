package org.millrace.transcoder.vod;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a session's parts (see {@link Mp4Plan}) into one fast-start MP4 (moov before mdat) without re-encoding,
 * with FFmpeg's C API: each part is a local fMP4 file per track (init + its segments), read packet by packet and
 * interleaved by DTS between video and audio, so memory stays at a packet per input whatever the length.
 *
 * <p>Parts (a publisher reconnecting, or a segment missing) are appended with their timestamps shifted so the
 * timeline continues where the previous part ended: the outage is closed up rather than shown as a frozen frame, so
 * the video is what was captured, back to back, and its duration is the sum of the segments'.
 */
public final class Mp4Remuxer {
    private static final Logger LOG = LoggerFactory.getLogger(Mp4Remuxer.class);
    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    /** One part's local files: the video track, and the audio track or null. */
    public record PartFiles(Path video, Path audio) {}

    /** What was written: duration of the timeline and the video's size. */
    public record Result(double durationSeconds, int width, int height) {}

    private Mp4Remuxer() {}

    public static Result remux(List<PartFiles> parts, Path out) throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, "mp4", out.toString()), "allocate the mp4 muxer");
        List<AVFormatContext> inputs = new ArrayList<>();
        AVPacket[] packets = {av_packet_alloc(), av_packet_alloc()};
        boolean headerWritten = false;
        try {
            long endMicros = 0;
            int width = 0;
            int height = 0;
            long[] lastDts = {Long.MIN_VALUE, Long.MIN_VALUE};
            for (PartFiles part : parts) {
                AVFormatContext video = open(part.video(), inputs);
                AVFormatContext audio = part.audio() == null ? null : open(part.audio(), inputs);
                if (!headerWritten) {
                    addStream(oc, video.streams(0));
                    width = video.streams(0).codecpar().width();
                    height = video.streams(0).codecpar().height();
                    if (audio != null) {
                        addStream(oc, audio.streams(0));
                    }
                    writeHeader(oc, out);
                    headerWritten = true;
                }
                AVFormatContext[] in = {video, oc.nb_streams() > 1 ? audio : null};
                endMicros = copyPart(oc, in, packets, endMicros, lastDts);
                for (AVFormatContext ic : new AVFormatContext[] {video, audio}) {
                    if (ic != null) {
                        inputs.remove(ic);
                        avformat_close_input(ic);
                    }
                }
            }
            check(av_write_trailer(oc), "finish the mp4");
            return new Result(endMicros / 1e6, width, height);
        } finally {
            for (AVFormatContext ic : inputs) {
                avformat_close_input(ic);
            }
            for (AVPacket p : packets) {
                av_packet_free(p);
            }
            if (oc.pb() != null && (oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                avio_closep(oc.pb());
            }
            avformat_free_context(oc);
        }
    }

    /**
     * Copies one part, shifted so its earliest DTS lands on {@code startMicros}; answers where it ends. Holds one
     * packet per input and always writes the earlier one.
     */
    private static long copyPart(
            AVFormatContext oc, AVFormatContext[] in, AVPacket[] packets, long startMicros, long[] lastDts)
            throws IOException {
        boolean[] pending = new boolean[in.length];
        long origin = Long.MAX_VALUE;
        for (int i = 0; i < in.length; i++) {
            pending[i] = in[i] != null && next(in[i], packets[i]);
            if (pending[i]) {
                origin = Math.min(origin, micros(packets[i], in[i]));
            }
        }
        if (origin == Long.MAX_VALUE) {
            return startMicros;
        }
        long shift = startMicros - origin;
        long end = startMicros;
        while (pending[0] || pending[1]) {
            int i = !pending[1] || (pending[0] && micros(packets[0], in[0]) <= micros(packets[1], in[1])) ? 0 : 1;
            AVPacket p = packets[i];
            AVRational inBase = in[i].streams(p.stream_index()).time_base();
            AVStream os = oc.streams(i);
            AVRational outBase = os.time_base();
            long dtsMicros = micros(p, in[i]) + shift;
            long durationMicros = av_rescale_q(Math.max(0, p.duration()), inBase, MICROS);
            end = Math.max(end, dtsMicros + durationMicros);
            long offset = av_rescale_q(shift, MICROS, outBase);
            long dts = p.dts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : av_rescale_q(p.dts(), inBase, outBase) + offset;
            long pts = p.pts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : av_rescale_q(p.pts(), inBase, outBase) + offset;
            if (dts != AV_NOPTS_VALUE && dts <= lastDts[i]) {
                // The muxer refuses non-increasing DTS; such a packet can only come from a damaged segment.
                LOG.warn("dropping a packet of track {} with a DTS going backwards", i);
                av_packet_unref(p);
            } else {
                if (dts != AV_NOPTS_VALUE) {
                    lastDts[i] = dts;
                }
                p.dts(dts);
                p.pts(pts);
                p.duration(av_rescale_q(p.duration(), inBase, outBase));
                p.pos(-1);
                p.stream_index(i);
                check(av_interleaved_write_frame(oc, p), "write a packet");
            }
            pending[i] = next(in[i], p);
        }
        return end;
    }

    /** Reads the input's next packet of its first stream; false at its end. */
    private static boolean next(AVFormatContext ic, AVPacket p) throws IOException {
        while (true) {
            int r = av_read_frame(ic, p);
            if (r < 0) {
                return false;
            }
            if (p.stream_index() == 0) {
                return true;
            }
            av_packet_unref(p);
        }
    }

    private static long micros(AVPacket p, AVFormatContext ic) {
        long ts = p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
        return av_rescale_q(
                ts == AV_NOPTS_VALUE ? 0 : ts, ic.streams(p.stream_index()).time_base(), MICROS);
    }

    private static AVFormatContext open(Path file, List<AVFormatContext> opened) throws IOException {
        AVFormatContext ic = new AVFormatContext(null);
        check(avformat_open_input(ic, file.toString(), null, null), "open " + file.getFileName());
        opened.add(ic);
        check(avformat_find_stream_info(ic, (PointerPointer<?>) null), "probe " + file.getFileName());
        if (ic.nb_streams() < 1) {
            throw new IOException("no stream in " + file.getFileName());
        }
        return ic;
    }

    private static void addStream(AVFormatContext oc, AVStream in) throws IOException {
        AVStream os = avformat_new_stream(oc, null);
        if (os == null) {
            throw new IOException("could not add an output stream");
        }
        check(avcodec_parameters_copy(os.codecpar(), in.codecpar()), "copy codec parameters");
        os.codecpar().codec_tag(0);
        os.time_base(in.time_base());
    }

    private static void writeHeader(AVFormatContext oc, Path out) throws IOException {
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "create " + out.getFileName());
        oc.pb(pb);
        AVDictionary options = new AVDictionary(null);
        try {
            // moov before mdat: a player starts (and seeks) without fetching the end of the file first.
            av_dict_set(options, "movflags", "+faststart", 0);
            check(avformat_write_header(oc, options), "write the mp4 header");
        } finally {
            av_dict_free(options);
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] buf = new byte[256];
            av_strerror(result, buf, buf.length);
            String message = new String(buf, StandardCharsets.UTF_8).trim().replace("\0", "");
            throw new IOException("could not " + what + ": " + message + " (" + result + ")");
        }
    }
}
