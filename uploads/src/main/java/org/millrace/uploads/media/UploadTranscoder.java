package org.millrace.uploads.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.millrace.hls.MasterPlaylist;
import org.millrace.hls.Variant;
import org.millrace.transcoder.Rung;
import org.millrace.transcoder.TranscoderSettings;
import org.millrace.transcoder.encode.AacEncoder;
import org.millrace.transcoder.encode.SourcePackets;
import org.millrace.transcoder.encode.VideoRungEncoder;
import org.millrace.transcoder.live.LadderVariants;
import org.millrace.transcoder.live.StreamDecoder;

/**
 * Transcodes one uploaded file into the live ladder as VOD HLS, on the caller's thread: reads the file packet by
 * packet (never whole), decodes the video once, turns it upright when its display matrix says so, feeds every rung
 * below the source's short side ({@link VideoRungEncoder}, as live) and the shared AAC rendition, and copies the source
 * as its own rendition when it already is H.264 4:2:0 8-bit and needs no turning ({@link SourcePackets}); then the
 * master playlist ({@link LadderVariants}, {@link MasterPlaylist}), the fast-start MP4 and the images
 * ({@link VideoFiles}). Everything native is freed whatever happens; the folder is the caller's to remove.
 */
public final class UploadTranscoder {
    /** Told how far the work is, 0 to 100; called on the transcoding thread. */
    public interface Progress {
        void at(int percent);
    }

    private static final AVRational TICKS = avutil.av_make_q(1, VideoRungEncoder.TIMESCALE);

    private final UploadTranscodeSettings settings;

    public UploadTranscoder(UploadTranscodeSettings settings) {
        this.settings = settings;
    }

    /** Transcodes {@code source} into {@code work} (an empty folder). */
    public UploadMedia transcode(Path source, Path work, Progress progress) throws UploadRejected, IOException {
        Path hls = Files.createDirectories(work.resolve("hls"));
        Run run = new Run(hls);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            SourceProbe probe = SourceProbe.open(grabber, source, settings);
            run.open(probe);
            run.loop(grabber, probe, Files.size(source), progress);
        } catch (UploadRejected | IOException | RuntimeException e) {
            // Runtime exceptions pass as they are: the caller's own (a stop, a lost lease) come through here.
            run.abandon();
            throw e;
        } catch (Exception e) {
            run.abandon();
            throw new IOException("transcoding failed: " + e, e);
        }
        run.finish();
        if (!run.anyPicture) {
            throw new UploadRejected("no picture of the video stream could be decoded: the file is damaged");
        }
        String master = run.master();
        Files.writeString(hls.resolve(UploadMedia.MASTER), master, StandardCharsets.UTF_8);
        progress.at(95);
        return new VideoFiles(settings.images())
                .make(work, hls, run.renditionNames(), run.top(), run.audioTrack, run.outWidth, run.outHeight);
    }

    /** The state of one transcode: encoders and renditions, all freed by {@link #finish} or {@link #abandon}. */
    private final class Run {
        private final Path hls;
        private final List<VideoRungEncoder> videos = new ArrayList<>();
        private final List<VodRendition> videoTracks = new ArrayList<>();
        private SourcePackets copy;
        private VodRendition copyTrack;
        private AacEncoder audio;
        private VodRendition audioTrack;
        private FrameRotator rotator;
        private int nalLengthPrefixed;
        private int outWidth;
        private int outHeight;
        private double fps;
        private long origin = avutil.AV_NOPTS_VALUE;
        private long lastTs = -1;
        private boolean anyPicture;

        Run(Path hls) {
            this.hls = hls;
        }

        void open(SourceProbe probe) throws IOException {
            boolean turned = probe.rotation() == 90 || probe.rotation() == 270;
            outWidth = turned ? probe.height() : probe.width();
            outHeight = turned ? probe.width() : probe.height();
            fps = probe.fps();
            TranscoderSettings ladder = settings.ladder();
            AVCodecParameters v = probe.video().codecpar();
            boolean passthrough = ladder.sourcePassthrough() && probe.rotation() == 0 && copyable(v);
            List<Rung> rungs = ladder.rungsBelow(outWidth, outHeight, passthrough);
            if (passthrough) {
                copyTrack = new VodRendition(LadderVariants.SOURCE, hls, settings.segmentDuration());
                byte[] extradata = new byte[Math.max(0, v.extradata_size())];
                if (extradata.length > 0) {
                    v.extradata().get(extradata);
                }
                nalLengthPrefixed = extradata.length > 4 && extradata[0] == 1 ? 4 : 0;
                copy = new SourcePackets(
                        probe.width(),
                        probe.height(),
                        fps,
                        extradata,
                        SourcePackets.codecsOf(v.profile(), v.level()),
                        copyTrack);
            }
            if (probe.rotation() != 0) {
                rotator = new FrameRotator(probe.rotation());
            }
            for (Rung rung : rungs) {
                VodRendition track = new VodRendition(rung.name(), hls, settings.segmentDuration());
                videoTracks.add(track);
                // VOD: B-frames and lookahead are worth their delay (smaller files at the same quality).
                videos.add(new VideoRungEncoder(
                        rung, outWidth, outHeight, fps, settings.segmentDuration(), ladder.x264Preset(), "", track));
            }
            if (probe.audio() != null) {
                AVCodecParameters a = probe.audio().codecpar();
                int channels = a.ch_layout().nb_channels();
                if (channels > 0 && a.sample_rate() > 0) {
                    audioTrack = new VodRendition(LadderVariants.AUDIO, hls, settings.segmentDuration());
                    audio = new AacEncoder(channels, a.sample_rate(), ladder.audioBitrate(), audioTrack);
                }
            }
        }

        /** H.264 the players take as is: 4:2:0 8-bit, Baseline/Main/High, NAL lengths of 4 bytes or Annex B. */
        private boolean copyable(AVCodecParameters v) {
            if (v.codec_id() != avcodec.AV_CODEC_ID_H264) {
                return false;
            }
            int format = v.format();
            int profile = v.profile() & 0xff;
            boolean eightBit420 = format == avutil.AV_PIX_FMT_YUV420P || format == avutil.AV_PIX_FMT_YUVJ420P;
            boolean lengths = v.extradata_size() <= 4
                    || v.extradata().get(0) != 1
                    || (v.extradata().get(4) & 3) == 3;
            return eightBit420 && (profile == 66 || profile == 77 || profile == 100) && lengths;
        }

        void loop(FFmpegFrameGrabber grabber, SourceProbe probe, long size, Progress progress) throws Exception {
            AVFormatContext format = grabber.getFormatContext();
            AVStream video = probe.video();
            AVRational timeBase = video.time_base();
            AVStream sound = audio == null ? null : probe.audio();
            AVRational audioBase = sound == null ? null : sound.time_base();
            long maxTicks = settings.maxDuration().toSeconds() * VideoRungEncoder.TIMESCALE;
            StreamDecoder.FrameSink encode = f -> {
                anyPicture = true;
                for (VideoRungEncoder v : videos) {
                    v.encode(f, lastTs);
                }
            };
            StreamDecoder.FrameSink onPicture = f -> {
                long pts = f.best_effort_timestamp();
                long ts = pts == avutil.AV_NOPTS_VALUE || origin == avutil.AV_NOPTS_VALUE
                        ? -1
                        : avutil.av_rescale_q(pts - origin, timeBase, TICKS);
                if (ts < 0 || ts <= lastTs) {
                    return; // before the first packet's time, or not advancing: a monotonic track cannot hold it
                }
                if (ts > maxTicks) {
                    throw new UploadRejected("the video is longer than the "
                            + SourceProbe.clock(settings.maxDuration().toSeconds())
                            + " this server takes (its header said "
                            + SourceProbe.clock(probe.declaredSeconds()) + ")");
                }
                lastTs = ts;
                if (rotator != null) {
                    rotator.rotate(f, encode);
                } else {
                    encode.accept(f);
                }
            };
            StreamDecoder.FrameSink onSamples = f -> {
                long pts = f.best_effort_timestamp();
                if (origin == avutil.AV_NOPTS_VALUE || pts == avutil.AV_NOPTS_VALUE) {
                    return; // audio before the first video packet: the renditions start at the video
                }
                audio.encode(f, micros(pts, audioBase) - micros(origin, timeBase));
            };
            int lastPercent = -1;
            try (StreamDecoder pictures = new StreamDecoder(video);
                    StreamDecoder tones = sound == null ? null : new StreamDecoder(sound)) {
                AVPacket packet;
                while ((packet = grabber.grabPacket()) != null) {
                    try {
                        if (packet.stream_index() == video.index()) {
                            if (origin == avutil.AV_NOPTS_VALUE) {
                                origin = packet.dts() != avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
                            }
                            pictures.decode(packet, onPicture);
                            copy(packet, timeBase);
                        } else if (sound != null && packet.stream_index() == sound.index()) {
                            tones.decode(packet, onSamples);
                        }
                    } finally {
                        avcodec.av_packet_unref(packet);
                    }
                    // Progress by bytes read: a container's duration may lie, its size cannot.
                    int percent = format.pb() == null || size <= 0
                            ? 0
                            : (int) Math.min(90, format.pb().pos() * 90 / size);
                    if (percent != lastPercent) {
                        lastPercent = percent;
                        progress.at(percent);
                    }
                }
                if (origin != avutil.AV_NOPTS_VALUE) {
                    pictures.decode(null, onPicture);
                }
                if (tones != null) {
                    tones.decode(null, onSamples);
                }
            }
        }

        private void copy(AVPacket packet, AVRational timeBase) throws IOException {
            if (copy == null || packet.dts() == avutil.AV_NOPTS_VALUE || packet.size() <= 0) {
                return;
            }
            long dts = avutil.av_rescale_q(packet.dts() - origin, timeBase, TICKS);
            long pts = packet.pts() == avutil.AV_NOPTS_VALUE
                    ? dts
                    : avutil.av_rescale_q(packet.pts() - origin, timeBase, TICKS);
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            if (nalLengthPrefixed > 0) {
                data = AnnexBFromLengths.convert(data);
                if (data == null) {
                    return; // a damaged sample: lengths past its end
                }
            }
            copy.write(data, dts, pts, (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0);
        }

        /** Flushes every encoder into its rendition and ends them; frees the encoders. */
        void finish() throws IOException {
            try {
                if (copy != null) {
                    copy.flush();
                    copyTrack.finish();
                }
                for (int i = 0; i < videos.size(); i++) {
                    videos.get(i).flush();
                    videoTracks.get(i).finish();
                }
                if (audio != null) {
                    audio.flush();
                    audioTrack.finish();
                }
            } finally {
                free();
            }
        }

        void abandon() {
            free();
        }

        private void free() {
            videos.forEach(VideoRungEncoder::close);
            videoTracks.forEach(VodRendition::close);
            for (VodRendition t : new VodRendition[] {copyTrack, audioTrack}) {
                if (t != null) {
                    t.close();
                }
            }
            if (audio != null) {
                audio.close();
            }
            if (rotator != null) {
                rotator.close();
                rotator = null;
            }
        }

        String master() {
            boolean source = copyTrack != null && copyTrack.hasSegments();
            boolean sound = audioTrack != null && audioTrack.hasSegments();
            List<Variant> variants = LadderVariants.of(
                    VodRendition.PLAYLIST,
                    source ? copy : null,
                    source ? copyTrack.peakBitrate() : 0,
                    source ? copyTrack.averageBitrate() : 0,
                    new int[] {outWidth, outHeight},
                    fps,
                    videos,
                    sound ? audio : null);
            return MasterPlaylist.render(variants, sound ? LadderVariants.AUDIO + "/" + VodRendition.PLAYLIST : null);
        }

        List<String> renditionNames() {
            List<String> names = new ArrayList<>();
            if (copyTrack != null && copyTrack.hasSegments()) {
                names.add(copyTrack.name());
            }
            videoTracks.forEach(t -> names.add(t.name()));
            if (audioTrack != null && audioTrack.hasSegments()) {
                names.add(audioTrack.name());
            }
            return names;
        }

        /** The best video rendition: the copied source, else the highest rung. */
        VodRendition top() {
            return copyTrack != null && copyTrack.hasSegments() ? copyTrack : videoTracks.get(0);
        }
    }

    private static long micros(long ticks, AVRational timeBase) {
        return ticks * 1_000_000L * timeBase.num() / timeBase.den();
    }
}
