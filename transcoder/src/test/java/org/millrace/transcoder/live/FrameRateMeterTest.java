package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameRateMeterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void unknownUntilTheFirstWindowCloses() {
        FrameRateMeter meter = new FrameRateMeter();
        for (int i = 1; i < 25; i++) {
            meter.frame(i * 40 * MS);
        }
        assertThat(meter.perSecond(960 * MS)).isNull();
    }

    @Test
    void theTimeBeforeTheFirstPictureIsNotCounted() {
        FrameRateMeter meter = new FrameRateMeter();
        long t = 3000 * MS; // the input took 3 s to probe
        for (int i = 0; i <= 50; i++) {
            meter.frame(t);
            t += 40 * MS;
        }
        assertThat(meter.perSecond(t)).isCloseTo(25.0, within(0.5));
    }

    @Test
    void measuresPicturesPerSecondOverTheLastWindow() {
        FrameRateMeter meter = new FrameRateMeter();
        long t = 0;
        for (int i = 0; i < 100; i++) { // 25 fps for 4 s
            t += 40 * MS;
            meter.frame(t);
        }
        assertThat(meter.perSecond(t)).isCloseTo(25.0, within(0.5));
        for (int i = 0; i <= 180; i++) { // then 60 fps for three seconds
            t += 1000 * MS / 60;
            meter.frame(t);
        }
        assertThat(meter.perSecond(t)).isCloseTo(60.0, within(1.5));
    }

    @Test
    void readsZeroWhenPicturesStop() {
        FrameRateMeter meter = new FrameRateMeter();
        long t = 0;
        for (int i = 0; i < 75; i++) {
            t += 40 * MS;
            meter.frame(t);
        }
        assertThat(meter.perSecond(t + 3000 * MS)).isCloseTo(25.0, within(0.5));
        assertThat(meter.perSecond(t + 4500 * MS)).isZero();
    }
}
