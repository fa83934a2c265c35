package org.millrace.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FfmpegRuntimeTest {
    @Test
    void theGplBuildOfFfmpeg8IsLoaded() {
        assertThat(FfmpegRuntime.version()).startsWith("8.");
        assertThat(FfmpegRuntime.license()).containsIgnoringCase("GPL");
    }

    @Test
    void theCodecsThePipelineNeedsAreBuiltIn() {
        assertThat(FfmpegRuntime.hasEncoder("libx264")).isTrue();
        assertThat(FfmpegRuntime.hasEncoder("aac")).isTrue();
        assertThat(FfmpegRuntime.hasEncoder("mjpeg")).isTrue();
        assertThat(FfmpegRuntime.hasDecoder("h264")).isTrue();
        assertThat(FfmpegRuntime.hasDecoder("hevc")).isTrue();
        assertThat(FfmpegRuntime.hasEncoder("no-such-encoder")).isFalse();
    }
}
