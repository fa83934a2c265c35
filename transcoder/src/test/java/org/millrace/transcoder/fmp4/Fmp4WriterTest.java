package org.millrace.transcoder.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real media through the segmenter and the writer, checked by Debian's ffprobe/ffmpeg: libx264 with B-frames and a
 * 2 s GOP, and AAC, demuxed by javacv's FFmpeg as an encoder would hand them over.
 */
class Fmp4WriterTest {
    private static final Duration PART = Duration.ofMillis(333);
    private static final Duration SEGMENT = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    static DemuxedTracks tracks;
    static Packaged video;
    static Packaged audio;

    @BeforeAll
    static void packageTheMedia() throws Exception {
        tracks = DemuxedTracks.read(DemuxedTracks.make(dir, 7, 60));
        video = Packaged.of(tracks.videoFormat(), tracks.video(), dir.resolve("video"));
        audio = Packaged.of(tracks.audioFormat(), tracks.audio(), dir.resolve("audio"));
    }

    @Test
    void everyVideoFrameDecodesAtItsOriginalTimeWithItsKeyFlag() throws Exception {
        assertThat(video.segments.size()).isEqualTo(4); // 7 s at a 2 s GOP: 2 + 2 + 2 + 1
        List<String[]> packets = packets(video.whole(), "v");
        assertThat(packets.size()).isEqualTo(tracks.video().size());
        long compensation = ffmpegCompensation(tracks.video());
        assertThat(compensation).isPositive(); // B-frames: some presentation times precede their decode times
        for (int i = 0; i < packets.size(); i++) {
            Sample original = tracks.video().get(i);
            assertThat(Long.parseLong(packets.get(i)[0]) - compensation)
                    .as("pts of packet %d", i)
                    .isCloseTo(original.pts(), Offset.offset(1L));
            assertThat(packets.get(i)[2].startsWith("K"))
                    .as("key flag of packet %d", i)
                    .isEqualTo(original.key());
            assertThat(Long.parseLong(packets.get(i)[1]))
                    .as("dts of packet %d", i)
                    .isNotNegative();
        }
        assertThat(decodedFrames(video.whole(), "v")).isEqualTo(tracks.video().size());
    }

    @Test
    void everyVideoSegmentStartsWithAKeyframeAndDecodesOnItsOwn() throws Exception {
        int total = 0;
        for (int k = 0; k < video.segments.size(); k++) {
            Path alone = dir.resolve("video-alone-" + k + ".mp4");
            Files.write(alone, concat(video.init, video.segments.get(k)));
            List<String[]> packets = packets(alone, "v");
            assertThat(packets.get(0)[2]).as("segment %d", k).startsWith("K");
            total += decodedFrames(alone, "v");
        }
        assertThat(total).isEqualTo(tracks.video().size());
    }

    @Test
    void everyAudioFrameDecodesAtItsOriginalTime() throws Exception {
        List<String[]> packets = packets(audio.whole(), "a");
        assertThat(packets.size()).isEqualTo(tracks.audio().size());
        long compensation = ffmpegCompensation(tracks.audio());
        for (int i = 0; i < packets.size(); i++) {
            assertThat(Long.parseLong(packets.get(i)[0]) - compensation)
                    .as("pts of audio packet %d", i)
                    .isCloseTo(tracks.audio().get(i).pts(), Offset.offset(1L));
            assertThat(Long.parseLong(packets.get(i)[1]))
                    .as("dts of audio packet %d", i)
                    .isNotNegative();
        }
        assertThat(decodedFrames(audio.whole(), "a")).isEqualTo(tracks.audio().size());
    }

    @Test
    void audioAndVideoStartWhereTheOriginalsStart() throws Exception {
        // as demuxed: the video's first frame at 0, the audio's priming frame just before
        double originalVideo =
                tracks.video().get(0).pts() / (double) tracks.videoFormat().timescale();
        double originalAudio =
                tracks.audio().get(0).pts() / (double) tracks.audioFormat().timescale();
        double videoShift = ffmpegCompensation(tracks.video())
                / (double) tracks.videoFormat().timescale();
        double audioShift = ffmpegCompensation(tracks.audio())
                / (double) tracks.audioFormat().timescale();
        assertThat(startTime(video.whole(), "v") - videoShift).isCloseTo(originalVideo, Offset.offset(1e-3));
        assertThat(startTime(audio.whole(), "a") - audioShift).isCloseTo(originalAudio, Offset.offset(1e-3));
    }

    @Test
    void aTimelineWithoutNegativeDecodeTimesIsWrittenAsIsAndFfmpegReadsItExactly() throws Exception {
        // an encoder that starts every track one second in: no shift, no negative composition offset
        long offset = tracks.videoFormat().timescale();
        List<Sample> later = tracks.video().stream()
                .map(s -> new Sample(s.dts() + offset, s.pts() + offset, s.duration(), s.key(), s.data()))
                .toList();
        Packaged p = Packaged.of(tracks.videoFormat(), later, dir.resolve("video-later"));
        assertThat(ffmpegCompensation(later)).isZero();
        List<String[]> packets = packets(p.whole(), "v");
        for (int i = 0; i < packets.size(); i++) {
            assertThat(Long.parseLong(packets.get(i)[0]))
                    .as("pts of packet %d", i)
                    .isEqualTo(later.get(i).pts());
            assertThat(Long.parseLong(packets.get(i)[1]))
                    .as("dts of packet %d", i)
                    .isEqualTo(later.get(i).dts());
        }
    }

    /**
     * FFmpeg's mov demuxer (Debian's 5.1) does not present a sample before its decode time: when a track has
     * negative composition offsets it moves the track's presentation times later by the largest of them. Browsers
     * (MSE) take the signed offsets as written. This is that largest negative offset for the samples as the writer
     * lays them out: decode times shifted so the first is 0 when it was negative, presentation times kept.
     */
    static long ffmpegCompensation(List<Sample> samples) {
        long shift = Math.max(0, -samples.get(0).dts());
        long most = 0;
        for (Sample s : samples) {
            most = Math.max(most, s.dts() + shift - s.pts());
        }
        return most;
    }

    @Test
    void audioSegmentsEndOnTheSegmentGridAndPartsStayWithinTheTarget() {
        // 7 s of audio: segments over [0,2), [2,4), [4,6), [6,7)
        assertThat(audio.segments.size()).isEqualTo(4);
        for (Packaged p : List.of(video, audio)) {
            long target = PART.toNanos() * p.format.timescale() / 1_000_000_000L;
            // Within the target counted in whole milliseconds: under one millisecond beyond it.
            long limit = (PART.toMillis() + 1) * p.format.timescale();
            for (int i = 0; i < p.parts.size(); i++) {
                Segmenter.Part part = p.parts.get(i);
                assertThat(part.duration() * 1000)
                        .as("%s part %d.%d", p.format.kind(), part.segment(), part.index())
                        .isLessThan(limit);
                boolean lastOfSegment =
                        i + 1 == p.parts.size() || p.parts.get(i + 1).segment() != part.segment();
                if (!lastOfSegment) {
                    assertThat(part.duration()).isGreaterThanOrEqualTo(target * 85 / 100);
                }
                assertThat(part.independent()).isEqualTo(part.samples().get(0).key());
            }
        }
        long end = tracks.audio().get(0).pts();
        for (int k = 0; k < 3; k++) {
            end += audio.ends.get(k).duration();
            assertThat(end).as("end of audio segment %d", k).isCloseTo((k + 1) * 96_000L, Offset.offset(512L));
        }
        assertThat(video.parts.stream()
                        .filter(Segmenter.Part::independent)
                        .map(Segmenter.Part::index)
                        .distinct())
                .containsExactly(0);
    }

    /** One track packaged: init, each part's fragment, each segment's bytes (its parts' fragments back to back). */
    static final class Packaged implements Segmenter.Output {
        final TrackFormat format;
        final Fmp4Writer writer;
        final byte[] init;
        final List<Segmenter.Part> parts = new ArrayList<>();
        final List<Segmenter.SegmentEnd> ends = new ArrayList<>();
        final List<byte[]> segments = new ArrayList<>();
        final Path file;
        private ByteArrayOutputStream open = new ByteArrayOutputStream();

        private Packaged(TrackFormat format, Path file) {
            this.format = format;
            this.writer = new Fmp4Writer(format);
            this.init = writer.init();
            this.file = file;
        }

        static Packaged of(TrackFormat format, List<Sample> samples, Path file) throws IOException {
            Packaged p = new Packaged(format, file);
            Segmenter segmenter = new Segmenter(format.kind(), format.timescale(), PART, SEGMENT, p);
            for (Sample s : samples) {
                segmenter.push(s);
            }
            segmenter.finish();
            return p;
        }

        @Override
        public void part(Segmenter.Part part) {
            parts.add(part);
            open.writeBytes(writer.fragment(part.samples()));
        }

        @Override
        public void segment(Segmenter.SegmentEnd end) {
            ends.add(end);
            assertThat(end.segment()).isEqualTo(segments.size());
            segments.add(open.toByteArray());
            open = new ByteArrayOutputStream();
        }

        Path whole() throws IOException {
            if (!Files.exists(file)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.writeBytes(init);
                segments.forEach(all::writeBytes);
                Files.write(file, all.toByteArray());
            }
            return file;
        }
    }

    /** pts, dts, flags of each packet of the first stream of the kind, in its time base. */
    static List<String[]> packets(Path file, String kind) throws Exception {
        String out = FfmpegTool.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                kind + ":0",
                "-show_entries",
                "packet=pts,dts,flags",
                "-of",
                "csv=p=0",
                file.toString()));
        List<String[]> rows = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            rows.add(line.split(","));
        }
        return rows;
    }

    /** Frames FFmpeg decodes, failing on any decoding error. */
    static int decodedFrames(Path file, String kind) throws Exception {
        String out = FfmpegTool.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                kind + ":0",
                "-count_frames",
                "-show_entries",
                "stream=nb_read_frames",
                "-of",
                "csv=p=0",
                file.toString()));
        String[] lines = out.strip().split("\n");
        assertThat(lines).as("ffprobe said: %s", out).hasSize(1);
        return Integer.parseInt(lines[0].strip());
    }

    static double startTime(Path file, String kind) throws Exception {
        String out = FfmpegTool.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                kind + ":0",
                "-show_entries",
                "stream=start_time",
                "-of",
                "csv=p=0",
                file.toString()));
        return Double.parseDouble(out.strip());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
