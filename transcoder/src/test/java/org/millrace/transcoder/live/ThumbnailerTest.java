package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

class ThumbnailerTest {
    @Test
    void aLimitedRangePictureBecomesAJpegWithTrueBlackAndWhite() throws Exception {
        // 1280x720 yuv420p as a decoder gives it: top half Y=16 (video black), bottom half Y=235 (video white).
        AVFrame frame = avutil.av_frame_alloc();
        try {
            frame.width(1280).height(720).format(avutil.AV_PIX_FMT_YUV420P);
            assertThat(avutil.av_frame_get_buffer(frame, 0)).isZero();
            for (int y = 0; y < 720; y++) {
                byte luma = (byte) (y < 360 ? 16 : 235);
                for (int x = 0; x < 1280; x++) {
                    frame.data(0).put((long) y * frame.linesize(0) + x, luma);
                }
            }
            for (int plane = 1; plane <= 2; plane++) {
                for (int y = 0; y < 360; y++) {
                    for (int x = 0; x < 640; x++) {
                        frame.data(plane).put((long) y * frame.linesize(plane) + x, (byte) 128);
                    }
                }
            }
            Thumbnailer thumbnailer = new Thumbnailer(Duration.ofSeconds(10));
            assertThat(thumbnailer.due(0)).isTrue();
            byte[] jpeg = thumbnailer.jpeg(frame, 0);
            assertThat(thumbnailer.due(Duration.ofSeconds(5).toNanos())).isFalse();
            assertThat(thumbnailer.due(Duration.ofSeconds(10).toNanos())).isTrue();

            assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
            assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(image.getWidth()).isEqualTo(Thumbnailer.WIDTH);
            assertThat(image.getHeight()).isEqualTo(270);
            int black = image.getRGB(240, 60);
            int white = image.getRGB(240, 210);
            for (int shift : new int[] {0, 8, 16}) {
                assertThat((black >> shift) & 0xff)
                        .as("black, expanded to full range")
                        .isLessThanOrEqualTo(4);
                assertThat((white >> shift) & 0xff)
                        .as("white, expanded to full range")
                        .isGreaterThanOrEqualTo(251);
            }
        } finally {
            avutil.av_frame_free(frame);
        }
    }
}
