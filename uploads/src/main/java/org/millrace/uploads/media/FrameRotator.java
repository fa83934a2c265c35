package org.millrace.uploads.media;

import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse_ptr;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strdup;

import java.io.IOException;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.javacpp.BytePointer;
import org.millrace.transcoder.live.StreamDecoder;

/**
 * Turns decoded pictures upright for a source whose display matrix says to rotate them (a phone held upright records
 * landscape pictures and a 90° rotation): a libavfilter graph of {@code transpose} or {@code hflip,vflip}, rebuilt
 * when the pictures' size or format changes. The encoders then see upright pictures and the output needs no matrix.
 */
final class FrameRotator implements AutoCloseable {
    private final String filters;
    private final AVFrame out = av_frame_alloc();
    private AVFilterGraph graph;
    private AVFilterContext source;
    private AVFilterContext sink;
    private int width;
    private int height;
    private int format = -1;

    /** @param clockwise 90, 180 or 270: how far the pictures turn clockwise to be upright */
    FrameRotator(int clockwise) {
        this.filters = switch (clockwise) {
            case 90 -> "transpose=clock";
            case 180 -> "hflip,vflip";
            case 270 -> "transpose=cclock";
            default -> throw new IllegalArgumentException("rotation " + clockwise);
        };
    }

    /** Hands {@code frame} turned upright to {@code next} (valid during the call only). */
    void rotate(AVFrame frame, StreamDecoder.FrameSink next) throws Exception {
        if (graph == null || frame.width() != width || frame.height() != height || frame.format() != format) {
            build(frame.width(), frame.height(), frame.format());
        }
        if (av_buffersrc_add_frame_flags(source, frame, avfilter.AV_BUFFERSRC_FLAG_KEEP_REF) < 0) {
            throw new IOException("the rotation filter refused a picture");
        }
        while (av_buffersink_get_frame(sink, out) >= 0) {
            try {
                next.accept(out);
            } finally {
                av_frame_unref(out);
            }
        }
    }

    private void build(int w, int h, int pixelFormat) throws IOException {
        freeGraph();
        width = w;
        height = h;
        format = pixelFormat;
        graph = avfilter_graph_alloc();
        source = new AVFilterContext();
        sink = new AVFilterContext();
        String args = "video_size=" + w + "x" + h + ":pix_fmt=" + pixelFormat + ":time_base=1/90000:pixel_aspect=1/1";
        if (avfilter_graph_create_filter(source, avfilter_get_by_name("buffer"), "in", args, null, graph) < 0
                || avfilter_graph_create_filter(sink, avfilter_get_by_name("buffersink"), "out", null, null, graph)
                        < 0) {
            throw new IOException("could not set up the rotation filter for " + w + "x" + h);
        }
        AVFilterInOut outputs = avfilter_inout_alloc();
        AVFilterInOut inputs = avfilter_inout_alloc();
        try {
            outputs.name(av_strdup(new BytePointer("in")))
                    .filter_ctx(source)
                    .pad_idx(0)
                    .next(null);
            inputs.name(av_strdup(new BytePointer("out")))
                    .filter_ctx(sink)
                    .pad_idx(0)
                    .next(null);
            if (avfilter_graph_parse_ptr(graph, filters, inputs, outputs, null) < 0
                    || avfilter_graph_config(graph, null) < 0) {
                throw new IOException("could not set up the rotation filter " + filters);
            }
        } finally {
            avfilter_inout_free(inputs);
            avfilter_inout_free(outputs);
        }
    }

    private void freeGraph() {
        if (graph != null) {
            avfilter_graph_free(graph);
            graph = null;
        }
    }

    @Override
    public void close() {
        freeGraph();
        av_frame_free(out);
    }
}
