package org.millrace.transcoder.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.transcoder.fmp4.Sample;
import org.millrace.transcoder.fmp4.TrackFormat;

/**
 * The shared AAC encode: whole 1024-sample frames timed from the video's origin, the AudioSpecificConfig from the
 * encoder, late audio preceded by silence and early audio cut, so a sample is heard at its own time.
 */
class AacEncoderTest {
    @TempDir
    Path tmp;

    @Test
    void lateAudioIsPrecededBySilenceAndFramesAreContiguous() throws Exception {
        Path src = EncoderMedia.source(tmp, 3, 0);
        CollectedTrack track = encode(src, 1_000_000);

        assertThat(track.format.kind()).isEqualTo(TrackFormat.Kind.AUDIO);
        assertThat(track.format.timescale()).isEqualTo(48_000);
        assertThat(track.format.channels()).isEqualTo(1);
        byte[] asc = track.format.codecConfig();
        assertThat((asc[0] & 0xff) >> 3).as("object type: AAC LC").isEqualTo(2);
        assertThat(((asc[0] & 0x07) << 1) | ((asc[1] & 0xff) >> 7))
                .as("sample rate index: 48 kHz")
                .isEqualTo(3);
        List<Sample> samples = track.samples;
        assertThat(samples.get(0).dts()).isZero();
        for (int i = 1; i < samples.size(); i++) {
            Sample prev = samples.get(i - 1);
            assertThat(samples.get(i).dts()).as("frame %d", i).isEqualTo(prev.dts() + prev.duration());
            assertThat(prev.duration()).isEqualTo(1024);
            assertThat(prev.key()).isTrue();
        }
        long total = samples.stream().mapToLong(Sample::duration).sum();
        assertThat(total / 48_000.0).as("1 s of silence, then 3 s of tone").isBetween(3.95, 4.1);

        Path adts = adts(tmp.resolve("late.aac"), samples);
        assertThat(maxVolume(adts, 0.05, 0.85)).as("before the audio starts").isLessThan(-60);
        assertThat(maxVolume(adts, 1.1, 1.5)).as("once it has").isGreaterThan(-30);
    }

    @Test
    void earlyAudioIsCutAtTheOrigin() throws Exception {
        Path src = EncoderMedia.source(tmp, 3, 0);
        CollectedTrack track = encode(src, -500_000);
        long total = track.samples.stream().mapToLong(Sample::duration).sum();
        assertThat(total / 48_000.0).as("the first 0.5 s left out").isBetween(2.45, 2.6);
    }

    @Test
    void aSampleRateAacCannotCarryIsAClearError() {
        CollectedTrack track = new CollectedTrack();
        assertThatThrownBy(() -> new AacEncoder(2, 1234, 96_000, track))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("would not open at 1234 Hz");
        assertThat(track.format).isNull();
    }

    private static CollectedTrack encode(Path src, long startMicros) throws Exception {
        CollectedTrack track = new CollectedTrack();
        try (AacEncoder encoder = new AacEncoder(1, 48_000, 96_000, track)) {
            DecodedMedia.read(src, (stream, frame) -> {
                if (!DecodedMedia.isVideo(stream)) {
                    encoder.encode(frame, startMicros);
                }
            });
            encoder.flush();
            track.finish();
        }
        assertThat(track.finished).isTrue();
        return track;
    }

    /** Raw AAC-LC frames (48 kHz mono) as an ADTS file. */
    private static Path adts(Path file, List<Sample> samples) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : samples) {
            int len = s.data().length + 7;
            out.write(new byte[] {
                (byte) 0xff,
                (byte) 0xf1,
                (byte) (1 << 6 | 3 << 2),
                (byte) (1 << 6 | len >> 11),
                (byte) (len >> 3),
                (byte) ((len & 7) << 5 | 0x1f),
                (byte) 0xfc
            });
            out.write(s.data());
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    private static double maxVolume(Path file, double from, double length) throws Exception {
        String out = EncoderMedia.run(List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-ss",
                String.valueOf(from),
                "-t",
                String.valueOf(length),
                "-i",
                file.toString(),
                "-af",
                "volumedetect",
                "-f",
                "null",
                "-"));
        Matcher m = Pattern.compile("max_volume: (-?[0-9.]+|-inf) dB").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }
}
