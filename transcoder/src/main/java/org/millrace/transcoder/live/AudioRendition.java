package org.millrace.transcoder.live;

import java.nio.FloatBuffer;
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
    private boolean started;

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

    /**
     * Encodes decoded samples starting {@code startMicros} after the video's origin. The rendition's timeline starts
     * at that origin like the video's, so the first samples are aligned to it: audio starting later is preceded by
     * silence, audio starting earlier is dropped until it reaches the origin (to within one frame).
     */
    void record(Frame samples, long startMicros, long durationMicros) throws FFmpegFrameRecorder.Exception {
        if (!started) {
            if (startMicros + durationMicros <= 0) {
                return;
            }
            started = true;
            if (startMicros > 0) {
                silence(samples.sampleRate, samples.audioChannels, startMicros);
            }
        }
        recorder.recordSamples(samples.sampleRate, samples.audioChannels, samples.samples);
    }

    private void silence(int sampleRate, int channels, long micros) throws FFmpegFrameRecorder.Exception {
        int count = (int) Math.min(sampleRate * 10L, micros * sampleRate / 1_000_000L);
        FloatBuffer[] planes = new FloatBuffer[channels];
        for (int i = 0; i < channels; i++) {
            planes[i] = FloatBuffer.allocate(count);
        }
        recorder.recordSamples(sampleRate, channels, planes);
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
        HlsRecorders.stop(recorder);
    }
}
