package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The one AAC-LC encode every video rung shares: an audio-only fMP4 HLS rendition the master playlist references
 * with EXT-X-MEDIA, so audio is encoded once whatever the number of rungs.
 */
final class AudioRendition implements AutoCloseable {
    static final String NAME = "audio";

    private final FFmpegFrameRecorder recorder;
    private final FinishedSegments finished;
    private final Path dir;
    private final int bitrate;

    AudioRendition(int channels, int sampleRate, int bitrate, Duration segment, Path dir)
            throws FFmpegFrameRecorder.Exception {
        this.dir = dir;
        this.bitrate = bitrate;
        recorder = new FFmpegFrameRecorder(dir.resolve(HlsRecorders.PLAYLIST).toString(), Math.min(channels, 2));
        HlsRecorders.configure(recorder, dir, segment);
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setAudioChannels(Math.min(channels, 2));
        recorder.setSampleRate(sampleRate);
        recorder.setAudioBitrate(bitrate);
        recorder.startUnsafe();
        finished = new FinishedSegments(dir, HlsRecorders.PLAYLIST);
    }

    void record(Frame samples) throws FFmpegFrameRecorder.Exception {
        recorder.recordSamples(samples.sampleRate, samples.audioChannels, samples.samples);
    }

    int bitrate() {
        return bitrate;
    }

    FinishedSegments finished() {
        return finished;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws FFmpegFrameRecorder.Exception {
        try {
            recorder.stop();
        } finally {
            recorder.releaseUnsafe();
        }
    }
}
