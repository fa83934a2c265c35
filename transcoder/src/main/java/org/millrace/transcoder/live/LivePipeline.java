package org.millrace.transcoder.live;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveRenditionsListener;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.RenditionInfo;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageLayout;
import org.millrace.hls.MasterPlaylist;
import org.millrace.hls.Variant;
import org.millrace.transcoder.Rung;
import org.millrace.transcoder.TranscoderSettings;
import org.millrace.transcoder.encode.AacEncoder;
import org.millrace.transcoder.encode.SourcePackets;
import org.millrace.transcoder.encode.VideoRungEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's transcode, on its own thread: demuxes and decodes the MPEG-TS once, feeds every rung's encoder and
 * the shared AAC encoder from the decoded frames and the source's packets to its passthrough, each into its
 * rendition's packager, hands finished segments to the uploader, refreshes the thumbnail, and on end of input (or a
 * failure) flushes, ends the playlists, frees the encoders and removes its work directory and meters.
 */
final class LivePipeline implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LivePipeline.class);
    static final String SOURCE = LadderVariants.SOURCE;
    static final String AUDIO = LadderVariants.AUDIO;
    private static final long METER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final AVRational TICKS = avutil.av_make_q(1, VideoRungEncoder.TIMESCALE);
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(30);

    private final LiveSessionInfo info;
    private final TranscoderSettings settings;
    private final Storage storage;
    private final UploadSpool spool;
    private final SessionPlaylists session;
    private SessionPlaylists.Epoch epoch;
    private final ChunkInputStream input;
    private final PipelineMetrics metrics;
    private final CompletableFuture<Void> encoded;
    private final CompletableFuture<Void> done;
    private final String prefix;
    private final List<VideoRungEncoder> videos = new ArrayList<>();
    private final List<RenditionPackager> tracks = new ArrayList<>();
    private final AtomicBoolean masterWritten = new AtomicBoolean();
    private final AtomicBoolean thumbnailQueued = new AtomicBoolean();
    private AacEncoder audio;
    private SourcePackets source;
    private RenditionPackager sourceTrack;
    private int[] sourceSize;
    private double sourceFps;
    private long origin = avutil.AV_NOPTS_VALUE;
    private SegmentUploader uploader;
    private final LiveRenditionsListener renditions;
    private final LivePlaylistListener playlistListener;

    LivePipeline(
            LiveSessionInfo info,
            TranscoderSettings settings,
            Storage storage,
            UploadSpool spool,
            SessionPlaylists session,
            SessionPlaylists.Epoch epoch,
            ChunkInputStream input,
            PipelineMetrics metrics,
            CompletableFuture<Void> encoded,
            CompletableFuture<Void> done,
            LiveRenditionsListener renditions,
            LivePlaylistListener playlistListener) {
        this.renditions = renditions;
        this.playlistListener = playlistListener;
        this.info = info;
        this.settings = settings;
        this.storage = storage;
        this.spool = spool;
        this.session = session;
        this.epoch = epoch;
        this.input = input;
        this.metrics = metrics;
        this.encoded = encoded;
        this.done = done;
        this.prefix = StorageLayout.liveSession(info.streamId(), info.sessionId());
    }

    @Override
    public void run() {
        Path work = null;
        try {
            epoch.previousEncoded().get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stream {}: previous publisher's pipeline did not finish in time", info.streamId());
        }
        if (epoch.number() == 0 && info.resumed()) {
            // A session this process does not remember (resumed on another ingest node, or after a restart): go on
            // with the playlists in storage. Numbering still continues after each rendition's highest segment stored,
            // so a segment the previous node stored but never listed is neither overwritten nor duplicated.
            int restored = session.restore(
                    StoredPlaylists.read(storage, prefix, settings.segmentDuration(), settings.dvrWindow()));
            if (restored > 0) {
                LOG.info(
                        "stream {} session {}: continuing {} stored playlist(s)",
                        info.streamId(),
                        info.sessionId(),
                        restored);
            }
        }
        epoch = session.settle(
                epoch,
                epoch.number() == 0 ? StoredSegments.continuation(storage, prefix) : StoredSegments.Continuation.NONE);
        uploader = new SegmentUploader(
                storage,
                spool.account(),
                settings.uploadBackoff(),
                settings.spool().maxAge(),
                metrics,
                info.streamId(),
                Thread.currentThread().getName() + "-upload");
        // The previous publisher's segments may still be waiting for storage: this one transcodes at once, and its
        // segments wait in the spool behind them, so the playlists list them in order.
        CompletableFuture<Void> previousStored = epoch.previousStored();
        uploader.submit(
                () -> awaitQuietly(previousStored, settings.spool().maxAge().plus(DRAIN_MARGIN)));
        try {
            Files.createDirectories(settings.workDir());
            work = Files.createTempDirectory(settings.workDir(), info.streamId() + "-");
            transcode(work);
            LOG.info("stream {} session {}: input ended", info.streamId(), info.sessionId());
        } catch (Exception | LinkageError e) {
            MediaFault fault = MediaFault.of(e);
            metrics.fault(fault);
            if (e instanceof MediaFault) {
                LOG.warn(
                        "stream {} session {}: ending the session's pipeline, the media cannot be played ({}: {})",
                        info.streamId(),
                        info.sessionId(),
                        fault.reason(),
                        fault.detail());
            } else {
                LOG.error(
                        "stream {} session {}: transcoding failed, ending the session's pipeline: {}",
                        info.streamId(),
                        info.sessionId(),
                        e.toString());
            }
        } finally {
            input.close();
            finish();
            encoded.complete(null);
            // What still waits for storage goes up (or is given up at the spool's maximum age) before the work
            // directory holding it is removed.
            uploader.close(settings.spool().maxAge().plus(DRAIN_MARGIN));
            WorkDirectory.delete(work);
            metrics.close();
            done.complete(null);
        }
    }

    private void awaitQuietly(CompletableFuture<Void> previous, Duration wait) {
        try {
            previous.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn(
                    "stream {}: previous publisher's uploads not done after {}; listing after them anyway",
                    info.streamId(),
                    wait);
        }
    }

    private void transcode(Path work) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input, 0)) {
            grabber.setFormat("mpegts");
            // Live input: start within about a second instead of FFmpeg's default 5 s probe.
            grabber.setOption("analyzeduration", "1500000");
            grabber.setOption("probesize", "2000000");
            InputProbe.start(grabber);
            AVFormatContext format = grabber.getFormatContext();
            AVStream video = InputProbe.video(format);
            AVStream sound = firstStream(format, avutil.AVMEDIA_TYPE_AUDIO);
            AVCodecParameters v = video.codecpar();
            double fps = frameRate(video, grabber.getFrameRate());
            boolean copy = settings.sourcePassthrough() && v.codec_id() == avcodec.AV_CODEC_ID_H264;
            int channels = sound == null ? 0 : sound.codecpar().ch_layout().nb_channels();
            int sampleRate = sound == null ? 0 : sound.codecpar().sample_rate();
            openRenditions(work, v.width(), v.height(), fps, channels, sampleRate, copy, v);
            LOG.info(
                    "stream {} session {}: {} {}x{} at {} fps → {}{}{}",
                    info.streamId(),
                    info.sessionId(),
                    grabber.getVideoCodecName(),
                    v.width(),
                    v.height(),
                    fps,
                    source == null ? "" : "source + ",
                    videos.stream().map(VideoRungEncoder::name).toList(),
                    audio == null ? " (no audio)" : " + aac");
            try (StreamDecoder pictures = new StreamDecoder(video);
                    StreamDecoder tones = audio == null ? null : new StreamDecoder(sound)) {
                MediaChecks checks = new MediaChecks(v.codec_id(), v.width(), v.height(), System.nanoTime());
                loop(grabber, video, audio == null ? -1 : sound.index(), pictures, tones, checks);
            }
        }
    }

    private static AVStream firstStream(AVFormatContext format, int type) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            if (s.codecpar().codec_type() == type) {
                return s;
            }
        }
        return null;
    }

    private static double frameRate(AVStream video, double fallback) {
        AVRational r = video.avg_frame_rate().num() > 0 ? video.avg_frame_rate() : video.r_frame_rate();
        double fps = r.den() > 0 ? (double) r.num() / r.den() : fallback;
        return fps > 1 && fps <= 120 ? fps : (fallback > 1 && fallback <= 120 ? fallback : 30);
    }

    private void openRenditions(
            Path work,
            int width,
            int height,
            double fps,
            int channels,
            int sampleRate,
            boolean copy,
            AVCodecParameters video)
            throws Exception {
        List<Rung> rungs = settings.rungsBelow(width, height, copy);
        TrackContext ctx = new TrackContext(
                info,
                prefix,
                session,
                epoch,
                Instant.now(),
                uploader,
                metrics,
                work,
                settings.partTarget(),
                settings.segmentDuration(),
                settings.liveHls().partSegments(),
                playlistListener,
                this::writeMasterWhenReady);
        if (copy) {
            sourceTrack = track(ctx, SOURCE);
            byte[] extradata = new byte[Math.max(0, video.extradata_size())];
            if (extradata.length > 0) {
                video.extradata().get(extradata);
            }
            source = new SourcePackets(
                    width, height, fps, extradata, SourcePackets.codecsOf(video.profile(), video.level()), sourceTrack);
            sourceSize = new int[] {width, height};
            sourceFps = fps;
        }
        for (Rung rung : rungs) {
            videos.add(new VideoRungEncoder(
                    rung,
                    width,
                    height,
                    fps,
                    settings.segmentDuration(),
                    settings.x264Preset(),
                    VideoRungEncoder.LOW_DELAY,
                    track(ctx, rung.name())));
        }
        if (channels > 0 && sampleRate > 0) {
            audio = new AacEncoder(channels, sampleRate, settings.audioBitrate(), track(ctx, AUDIO));
        }
    }

    /** A rendition's packager, listed before its encoder opens so it is ended (and freed) whatever happens next. */
    private RenditionPackager track(TrackContext ctx, String name) throws IOException {
        RenditionPackager track = new RenditionPackager(name, ctx);
        tracks.add(track);
        return track;
    }

    private void loop(
            FFmpegFrameGrabber grabber,
            AVStream video,
            int audioIndex,
            StreamDecoder pictures,
            StreamDecoder tones,
            MediaChecks checks)
            throws Exception {
        List<Counter> encoded = new ArrayList<>();
        for (VideoRungEncoder v : videos) {
            encoded.add(metrics.framesEncoded(v.name()));
        }
        Counter copied = source == null ? null : metrics.framesEncoded(SOURCE);
        Thumbnailer thumbnailer = new Thumbnailer(settings.thumbnailInterval());
        AVRational timeBase = video.time_base();
        long[] lastTs = {-1};
        long origin = avutil.AV_NOPTS_VALUE;
        long encodeNanos = 0;
        long lastMeter = System.nanoTime();
        StreamDecoder.FrameSink onPicture = f -> {
            checks.picture(f, System.nanoTime());
            long pts = f.best_effort_timestamp();
            long ts = pts == avutil.AV_NOPTS_VALUE ? -1 : avutil.av_rescale_q(pts - originOf(), timeBase, TICKS);
            if (ts < 0 || ts <= lastTs[0]) {
                // Timestamps going backwards (or missing) cannot be encoded into a monotonic track.
                metrics.droppedFrames.increment();
                return;
            }
            lastTs[0] = ts;
            long now = System.nanoTime();
            metrics.picture(now);
            for (int i = 0; i < videos.size(); i++) {
                videos.get(i).encode(f, ts);
                encoded.get(i).increment();
            }
            if (thumbnailer.due(now) && !thumbnailQueued.getAndSet(true)) {
                // At most one thumbnail waits for storage: a newer one replaces it anyway.
                byte[] jpeg = thumbnailer.jpeg(f, now);
                uploader.submit(() -> {
                    thumbnailQueued.set(false);
                    uploader.put(prefix + StorageLayout.LIVE_THUMBNAIL, jpeg, false);
                });
            }
        };
        AVRational audioBase = audioIndex < 0
                ? null
                : grabber.getFormatContext().streams(audioIndex).time_base();
        StreamDecoder.FrameSink onSamples = f -> {
            long pts = f.best_effort_timestamp();
            if (originOf() == avutil.AV_NOPTS_VALUE || pts == avutil.AV_NOPTS_VALUE) {
                return; // audio before the first video packet: the renditions start at the video
            }
            long start = micros(pts, audioBase) - micros(originOf(), timeBase);
            audio.encode(f, start);
        };
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
            long t0 = System.nanoTime();
            try {
                if (packet.stream_index() == video.index() && checks.packet(video, packet)) {
                    if (origin == avutil.AV_NOPTS_VALUE) {
                        origin = packet.dts() != avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
                        this.origin = origin;
                    }
                    pictures.decode(packet, onPicture);
                    if (source != null && packet.dts() != avutil.AV_NOPTS_VALUE && packet.size() > 0) {
                        long dts = avutil.av_rescale_q(packet.dts() - origin, timeBase, TICKS);
                        long pts = packet.pts() == avutil.AV_NOPTS_VALUE
                                ? dts
                                : avutil.av_rescale_q(packet.pts() - origin, timeBase, TICKS);
                        byte[] data = new byte[packet.size()];
                        packet.data().get(data);
                        if (source.write(data, dts, pts, (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0)) {
                            copied.increment();
                        }
                    }
                } else if (packet.stream_index() == audioIndex && tones != null) {
                    tones.decode(packet, onSamples);
                }
            } finally {
                avcodec.av_packet_unref(packet);
            }
            long t1 = System.nanoTime();
            checks.tick(t1);
            encodeNanos += t1 - t0;
            if (t1 - lastMeter >= METER_NANOS) {
                lastMeter = t1;
                if (encodeNanos > 0 && lastTs[0] > 0) {
                    metrics.speed(lastTs[0] * 1e9 / VideoRungEncoder.TIMESCALE / encodeNanos);
                }
            }
        }
        if (origin != avutil.AV_NOPTS_VALUE) {
            pictures.decode(null, onPicture);
        }
        if (tones != null) {
            tones.decode(null, onSamples);
        }
    }

    private long originOf() {
        return origin;
    }

    private static long micros(long ticks, AVRational timeBase) {
        return ticks * 1_000_000L * timeBase.num() / timeBase.den();
    }

    /**
     * Flushes the encoders so their last segments are listed (also after a failure: what was encoded is kept), frees
     * them whatever happened, then ends every playlist.
     */
    private void finish() {
        if (source != null) {
            flushQuietly(source::flush, () -> {});
        }
        for (VideoRungEncoder v : videos) {
            flushQuietly(v::flush, v::close);
        }
        if (audio != null) {
            flushQuietly(audio::flush, audio::close);
        }
        for (RenditionPackager t : tracks) {
            flushQuietly(t::finish, () -> {});
        }
        if (!tracks.isEmpty()) {
            uploader.submit(this::writeMaster);
        }
    }

    private void writeMasterWhenReady() {
        for (RenditionPackager t : tracks) {
            if (!t.listedThisEpoch()) {
                return;
            }
        }
        writeMaster();
    }

    /** Uploader thread: the master of this epoch, once every rendition lists a segment (variants never 404). */
    private void writeMaster() {
        if (masterWritten.getAndSet(true)) {
            return;
        }
        List<Variant> variants = LadderVariants.of(
                "index.m3u8",
                source,
                source == null ? 0 : sourceTrack.peakBitrate(),
                source == null ? 0 : sourceTrack.averageBitrate(),
                sourceSize,
                sourceFps,
                videos,
                audio);
        String text = MasterPlaylist.render(variants, audio == null ? null : AUDIO + "/index.m3u8");
        uploader.put(prefix + StorageLayout.LIVE_MASTER, text.getBytes(StandardCharsets.UTF_8), false);
        List<RenditionInfo> playable = new ArrayList<>();
        for (Variant v : variants) {
            String name = v.uri().substring(0, v.uri().indexOf('/'));
            playable.add(new RenditionInfo(name, v.width(), v.height(), v.bandwidth(), v.frameRate()));
        }
        try {
            renditions.renditionsReady(info, List.copyOf(playable));
        } catch (RuntimeException e) {
            LOG.warn("stream {}: renditions listener failed: {}", info.streamId(), e.toString());
        }
    }

    private interface Flush {
        void run() throws IOException;
    }

    private void flushQuietly(Flush flush, Runnable free) {
        try {
            flush.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("stream {}: encoder did not flush cleanly: {}", info.streamId(), e.toString());
        } finally {
            free.run();
        }
    }
}
