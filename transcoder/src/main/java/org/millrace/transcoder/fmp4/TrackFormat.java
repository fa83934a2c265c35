package org.millrace.transcoder.fmp4;

/**
 * What an fMP4 init segment says about its one track: video (H.264, {@code codecConfig} the avcC record) or audio
 * (AAC, {@code codecConfig} the AudioSpecificConfig), the timescale its samples' times are in, and the picture size
 * or the channel count and sample rate.
 */
public record TrackFormat(
        Kind kind, int timescale, int width, int height, int channels, int sampleRate, byte[] codecConfig) {
    public enum Kind {
        VIDEO,
        AUDIO
    }

    public static TrackFormat h264(int timescale, int width, int height, byte[] avcC) {
        return new TrackFormat(Kind.VIDEO, timescale, width, height, 0, 0, avcC);
    }

    public static TrackFormat aac(int sampleRate, int channels, byte[] audioSpecificConfig) {
        return new TrackFormat(Kind.AUDIO, sampleRate, 0, 0, channels, sampleRate, audioSpecificConfig);
    }
}
