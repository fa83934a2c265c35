package org.millrace.transcoder.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_drain;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.SampleSink;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * The one AAC-LC encode every rung shares, over FFmpeg's C API: resamples decoded audio to the encoder's planar float
 * (at most stereo, the source's rate), queues it in a FIFO so the encoder always gets whole 1024-sample frames, and
 * hands each packet on as a {@link Sample} in a track timed in samples, with the AudioSpecificConfig from the
 * encoder's global header.
 *
 * <p>Alignment: the track's time 0 is the video's origin. Audio starting later is preceded by silence, audio starting
 * earlier is cut at the origin; the encoder's priming samples (its initial padding) take the first samples of the
 * track, so the source's sample at time t is heard at time t.
 */
public final class AacEncoder implements AutoCloseable {
    private static final long MAX_SILENCE_SECONDS = 10;

    private final int sampleRate;
    private final int channels;
    private final int bitrate;
    private final SampleSink sink;
    private final AVChannelLayout layout = new AVChannelLayout();
    private final AVChannelLayout inputLayout = new AVChannelLayout();
    private AVCodecContext context;
    private AVAudioFifo fifo;
    private AVFrame converted;
    private AVFrame chunk;
    private AVPacket packet;
    private SwrContext swr;
    private int inputFormat = -1;
    private int inputRate;
    private int frameSize;
    private int padding;
    private boolean started;
    private long toDrop;
    private long samplesSent;

    public AacEncoder(int inputChannels, int sampleRate, int bitrate, SampleSink sink) throws IOException {
        this.sampleRate = sampleRate;
        this.channels = Math.max(1, Math.min(inputChannels, 2));
        this.bitrate = bitrate;
        this.sink = sink;
        try {
            open();
            byte[] config = new byte[context.extradata_size()];
            context.extradata().get(config);
            sink.start(TrackFormat.aac(sampleRate, channels, config));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (codec == null || codec.isNull()) {
            throw new IOException("this FFmpeg build has no AAC encoder");
        }
        av_channel_layout_default(layout, channels);
        context = avcodec_alloc_context3(codec);
        context.sample_fmt(AV_SAMPLE_FMT_FLTP);
        context.sample_rate(sampleRate);
        av_channel_layout_copy(context.ch_layout(), layout);
        context.bit_rate(bitrate);
        context.time_base(av_make_q(1, sampleRate));
        context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        int err = avcodec_open2(context, codec, (AVDictionary) null);
        if (err < 0) {
            throw new IOException("the AAC encoder would not open at " + sampleRate + " Hz: " + FfmpegErrors.text(err));
        }
        if (context.extradata_size() <= 0) {
            throw new IOException("the AAC encoder gave no AudioSpecificConfig");
        }
        frameSize = context.frame_size() > 0 ? context.frame_size() : 1024;
        padding = Math.max(0, context.initial_padding());
        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, channels, frameSize * 4);
        chunk = planarFrame(frameSize);
        packet = av_packet_alloc();
        if (fifo == null || packet == null) {
            throw new IOException("no memory for the AAC encoder");
        }
    }

    private AVFrame planarFrame(int samples) throws IOException {
        AVFrame f = av_frame_alloc();
        f.format(AV_SAMPLE_FMT_FLTP);
        f.sample_rate(sampleRate);
        f.nb_samples(samples);
        av_channel_layout_copy(f.ch_layout(), layout);
        if (av_frame_get_buffer(f, 0) < 0) {
            av_frame_free(f);
            throw new IOException("no memory for " + samples + " audio samples");
        }
        return f;
    }

    /**
     * Encodes decoded audio whose first sample is {@code startMicros} after the video's origin (only the first
     * call's time counts: later audio follows on, as a live source's does).
     */
    public void encode(AVFrame samples, long startMicros) throws IOException {
        if (!started) {
            started = true;
            long lead = startMicros * sampleRate / 1_000_000L - padding;
            if (lead > 0) {
                silence(Math.min(lead, MAX_SILENCE_SECONDS * sampleRate));
            } else {
                toDrop = -lead;
            }
        }
        resample(samples);
        if (toDrop > 0) {
            int drop = (int) Math.min(toDrop, av_audio_fifo_size(fifo));
            av_audio_fifo_drain(fifo, drop);
            toDrop -= drop;
        }
        drain(false);
    }

    private void resample(AVFrame in) throws IOException {
        if (swr == null
                || in.format() != inputFormat
                || in.sample_rate() != inputRate
                || av_channel_layout_compare(in.ch_layout(), inputLayout) != 0) {
            openResampler(in);
        }
        int room = swresample.swr_get_out_samples(swr, in.nb_samples());
        if (converted == null || converted.nb_samples() < room) {
            if (converted != null) {
                av_frame_free(converted);
                converted = null;
            }
            converted = planarFrame(Math.max(room, frameSize));
        }
        if (av_frame_make_writable(converted) < 0) {
            throw new IOException("no memory for resampled audio");
        }
        int count = swresample.swr_convert(
                swr, converted.extended_data(), converted.nb_samples(), in.extended_data(), in.nb_samples());
        if (count < 0) {
            throw new IOException("resampling failed: " + FfmpegErrors.text(count));
        }
        if (count > 0 && av_audio_fifo_write(fifo, converted.extended_data(), count) < count) {
            throw new IOException("no memory for queued audio");
        }
    }

    private void openResampler(AVFrame in) throws IOException {
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        av_channel_layout_copy(inputLayout, in.ch_layout());
        inputFormat = in.format();
        inputRate = in.sample_rate();
        try (PointerPointer<SwrContext> holder = new PointerPointer<>(1)) {
            holder.put(0, (Pointer) null); // swr_alloc_set_opts2 reuses a context already there: none is
            int err = swresample.swr_alloc_set_opts2(
                    holder, layout, AV_SAMPLE_FMT_FLTP, sampleRate, inputLayout, inputFormat, inputRate, 0, (Pointer)
                            null);
            Pointer allocated = holder.get(0);
            swr = allocated == null || allocated.isNull() ? null : new SwrContext(allocated);
            if (err < 0 || swr == null || swresample.swr_init(swr) < 0) {
                throw new IOException("cannot resample audio of format " + inputFormat + " at " + inputRate + " Hz");
            }
        }
    }

    private void silence(long count) throws IOException {
        while (count > 0) {
            int n = (int) Math.min(count, frameSize);
            if (av_frame_make_writable(chunk) < 0) {
                throw new IOException("no memory for silence");
            }
            av_samples_set_silence(chunk.extended_data(), 0, n, channels, AV_SAMPLE_FMT_FLTP);
            av_audio_fifo_write(fifo, chunk.extended_data(), n);
            count -= n;
        }
    }

    /** Encodes whole frames from the FIFO; at the end also the short remainder, then drains the encoder. */
    private void drain(boolean last) throws IOException {
        while (av_audio_fifo_size(fifo) >= frameSize || last && av_audio_fifo_size(fifo) > 0) {
            int n = Math.min(frameSize, av_audio_fifo_size(fifo));
            if (av_frame_make_writable(chunk) < 0) {
                throw new IOException("no memory for an audio frame");
            }
            chunk.nb_samples(n);
            av_audio_fifo_read(fifo, chunk.extended_data(), n);
            chunk.pts(samplesSent);
            samplesSent += n;
            send(chunk);
            chunk.nb_samples(frameSize);
        }
        if (last) {
            send(null);
        }
    }

    private void send(AVFrame frame) throws IOException {
        int err = avcodec_send_frame(context, frame);
        if (err < 0 && err != AVERROR_EOF()) {
            throw new IOException("the AAC encoder refused audio: " + FfmpegErrors.text(err));
        }
        while (true) {
            err = avcodec_receive_packet(context, packet);
            if (err == AVERROR_EAGAIN() || err == AVERROR_EOF()) {
                return;
            }
            if (err < 0) {
                throw new IOException("the AAC encoder failed: " + FfmpegErrors.text(err));
            }
            try {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                // The priming packet is at -padding: the track starts with it at 0.
                long time = packet.pts() + padding;
                long duration = packet.duration() > 0 ? packet.duration() : frameSize;
                sink.accept(new Sample(time, time, duration, true, data));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Encodes what is still queued and drains the encoder (the caller ends the sink: also when this fails). */
    public void flush() throws IOException {
        if (swr != null && av_frame_make_writable(converted) >= 0) {
            // What the resampler still holds (its filter's delay when it changes the rate).
            int count = swresample.swr_convert(
                    swr, converted.extended_data(), converted.nb_samples(), (PointerPointer<?>) null, 0);
            if (count > 0) {
                av_audio_fifo_write(fifo, converted.extended_data(), count);
            }
        }
        drain(true);
    }

    public int bitrate() {
        return bitrate;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Frees everything native; safe to call twice and after a failed open. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        for (AVFrame f : new AVFrame[] {converted, chunk}) {
            if (f != null) {
                av_frame_free(f);
            }
        }
        converted = null;
        chunk = null;
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        av_channel_layout_uninit(layout);
        av_channel_layout_uninit(inputLayout);
    }
}
