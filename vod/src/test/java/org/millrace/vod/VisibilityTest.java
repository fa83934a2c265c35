package org.millrace.vod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibilityTest {
    @Test
    void parsesOnlyTheContractNames() {
        assertThat(Visibility.parse("public")).contains(Visibility.PUBLIC);
        assertThat(Visibility.parse("unlisted")).contains(Visibility.UNLISTED);
        assertThat(Visibility.parse("private")).contains(Visibility.PRIVATE);
        assertThat(Visibility.parse("PUBLIC")).isEmpty();
        assertThat(Visibility.parse("secret")).isEmpty();
        assertThat(Visibility.parse(null)).isEmpty();
    }

    @Test
    void onlyPublicVideosAreListed() {
        assertThat(Visibility.PUBLIC.listed()).isTrue();
        assertThat(Visibility.UNLISTED.listed()).isFalse();
        assertThat(Visibility.PRIVATE.listed()).isFalse();
    }
}
