package org.millrace.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RungTest {
    private static final Rung P720 = new Rung("720p", 720, 3_000_000);

    @Test
    void aRungsNumberIsTheShortSideLandscapeOrPortrait() {
        assertThat(P720.sizeFor(1920, 1080)).containsExactly(1280, 720);
        // A phone held upright: as many pixels as landscape 720p, not a 406x720 sliver.
        assertThat(P720.sizeFor(1080, 1920)).containsExactly(720, 1280);
        assertThat(P720.sizeFor(1000, 1000)).containsExactly(720, 720);
        // Kept even for 4:2:0.
        assertThat(P720.sizeFor(1000, 1001)).containsExactly(720, 722);
        assertThat(new Rung("360p", 360, 800_000).sizeFor(321, 241)).containsExactly(480, 360);
    }

    @Test
    void theLadderBelowASourceGoesByItsShortSide() {
        TranscoderSettings settings = TranscoderSettings.defaults();
        assertThat(settings.rungsBelow(1920, 1080, true))
                .extracting(Rung::name)
                .containsExactly("720p", "480p", "360p");
        assertThat(settings.rungsBelow(1080, 1920, false))
                .extracting(Rung::name)
                .containsExactly("720p", "480p", "360p");
        assertThat(settings.rungsBelow(720, 1280, true)).extracting(Rung::name).containsExactly("480p", "360p");
        // Below the lowest rung: nothing when the source is copied, else one rendition at its own even size.
        assertThat(settings.rungsBelow(270, 480, true)).isEmpty();
        assertThat(settings.rungsBelow(271, 480, false)).containsExactly(new Rung("270p", 270, 800_000));
    }
}
