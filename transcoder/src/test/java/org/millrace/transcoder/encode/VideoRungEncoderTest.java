package org.millrace.transcoder.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.transcoder.Rung;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.TrackFormat;

/** A rung encoded from decoded pictures: a playable High-profile stream, keyframes every segment, times that add up. */
class VideoRungEncoderTest {
    @TempDir
    Path tmp;

    @Test
    void encodesARungWithAlignedKeyframesAndContiguousTimes() throws Exception {
        Path src = EncoderMedia.source(tmp, 4, 0);
        CollectedTrack track = new CollectedTrack();
        int[] accepted = {0};
        try (VideoRungEncoder encoder = new VideoRungEncoder(
                new Rung("240p", 240, 400_000), 640, 360, 30, Duration.ofSeconds(2), "veryfast", "", track)) {
            DecodedMedia.read(src, (stream, frame) -> {
                if (DecodedMedia.isVideo(stream)) {
                    long pts = avutil.av_rescale_q(
                            frame.best_effort_timestamp(),
                            stream.time_base(),
                            avutil.av_make_q(1, VideoRungEncoder.TIMESCALE));
                    if (encoder.encode(frame, pts)) {
                        accepted[0]++;
                    }
                }
            });
            encoder.flush();
            track.finish();
            assertThat(encoder.width()).isEqualTo(428);
        }

        assertThat(accepted[0]).isEqualTo(120);
        assertThat(track.finished).isTrue();
        assertThat(track.format.kind()).isEqualTo(TrackFormat.Kind.VIDEO);
        assertThat(track.format.timescale()).isEqualTo(90_000);
        assertThat(track.format.width()).isEqualTo(428);
        assertThat(track.format.codecConfig()[1]).as("profile_idc: High").isEqualTo((byte) 100);
        List<Sample> samples = track.samples;
        assertThat(samples).hasSize(120);
        assertThat(samples.get(0).key()).isTrue();
        for (int i = 1; i < samples.size(); i++) {
            Sample prev = samples.get(i - 1);
            assertThat(samples.get(i).dts()).as("sample %d", i).isEqualTo(prev.dts() + prev.duration());
            assertThat(prev.duration()).isEqualTo(3000);
        }
        long first = samples.stream().mapToLong(Sample::pts).min().orElseThrow();
        assertThat(samples.stream()
                        .filter(Sample::key)
                        .map(s -> s.pts() - first)
                        .toList())
                .as("a keyframe every 2 s, nowhere else")
                .containsExactly(0L, 180_000L);

        Path es = EncoderMedia.annexB(tmp.resolve("rung.h264"), track.format.codecConfig(), samples);
        String probe = EncoderMedia.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v",
                "-show_entries",
                "stream=width,height,profile,nb_read_frames",
                "-of",
                "csv=p=0",
                es.toString()));
        assertThat(probe.trim()).isEqualTo("High,428,240,120");
    }

    @Test
    void anEncoderThatCannotOpenSaysWhyAndNeverStartsItsTrack() {
        CollectedTrack track = new CollectedTrack();
        assertThatThrownBy(() -> new VideoRungEncoder(
                        new Rung("240p", 240, 400_000),
                        640,
                        360,
                        30,
                        Duration.ofSeconds(2),
                        "no-such-preset",
                        "",
                        track))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("libx264 would not open for 240p");
        assertThat(track.format).isNull();
    }
}
