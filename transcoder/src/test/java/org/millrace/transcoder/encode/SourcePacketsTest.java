package org.millrace.transcoder.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.transcoder.fmp4.Sample;

/** The passthrough: starts at a keyframe, leaves out times that do not advance, and stays a decodable stream. */
class SourcePacketsTest {
    @TempDir
    Path tmp;

    @Test
    void copiesFromTheFirstKeyframeAndDropsTimesThatDoNotAdvance() throws Exception {
        Path src = EncoderMedia.source(tmp, 4, 0);
        List<byte[]> units = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        DecodedMedia.read(src, new DecodedMedia.Visitor() {
            @Override
            public void packet(org.bytedeco.ffmpeg.avformat.AVStream stream, org.bytedeco.ffmpeg.avcodec.AVPacket p) {
                if (DecodedMedia.isVideo(stream)) {
                    byte[] data = new byte[p.size()];
                    p.data().get(data);
                    units.add(data);
                    times.add(new long[] {p.dts(), p.pts(), (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0 ? 1 : 0});
                }
            }

            @Override
            public void frame(org.bytedeco.ffmpeg.avformat.AVStream stream, org.bytedeco.ffmpeg.avutil.AVFrame f) {}
        });
        assertThat(units).hasSize(120);
        long origin = times.get(0)[0];
        CollectedTrack track = new CollectedTrack();
        SourcePackets source = new SourcePackets(640, 360, 30, new byte[0], "avc1.640028", track);
        int copied = 0;
        // Joined mid-GOP: the first 10 access units (no keyframe among them) cannot start the track.
        for (int i = 10; i < units.size(); i++) {
            long[] t = times.get(i);
            if (source.write(units.get(i), t[0] - origin, t[1] - origin, t[2] == 1)) {
                copied++;
            }
            if (i == 70) {
                assertThat(source.write(units.get(i), t[0] - origin, t[1] - origin, false))
                        .as("a repeated time")
                        .isFalse();
            }
        }
        source.flush();

        assertThat(copied).as("from the keyframe at frame 60").isEqualTo(60);
        assertThat(source.codecs()).isEqualTo("avc1.42c01e");
        List<Sample> samples = track.samples;
        assertThat(samples.get(0).key()).isTrue();
        assertThat(samples.get(0).dts()).isEqualTo(60 * 3000);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i - 1).duration()).isEqualTo(3000);
        }
        Path es = EncoderMedia.annexB(tmp.resolve("source.h264"), track.format.codecConfig(), samples);
        String probe = EncoderMedia.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v",
                "-show_entries",
                "stream=width,height,nb_read_frames",
                "-of",
                "csv=p=0",
                es.toString()));
        assertThat(probe.trim()).isEqualTo("640,360,60");
    }
}
