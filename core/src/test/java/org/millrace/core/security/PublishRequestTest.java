package org.millrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishRequestTest {
    private static final String KEY = "k3y_ABCdef-0123456789";

    @Test
    void acceptsTheThreeContractForms() {
        assertThat(PublishRequest.parse("publish:" + KEY)).contains(new PublishRequest(KEY));
        assertThat(PublishRequest.parse("#!::r=" + KEY + ",m=publish")).contains(new PublishRequest(KEY));
        assertThat(PublishRequest.parse("#!::m=publish,r=" + KEY)).contains(new PublishRequest(KEY));
        assertThat(PublishRequest.parse(KEY)).contains(new PublishRequest(KEY));
    }

    @Test
    void refusesOtherModesAndMalformedIds() {
        assertThat(PublishRequest.parse("#!::r=" + KEY + ",m=request")).isEmpty();
        assertThat(PublishRequest.parse("#!::m=publish")).isEmpty();
        assertThat(PublishRequest.parse("#!::garbage")).isEmpty();
        assertThat(PublishRequest.parse("publish:")).isEmpty();
        assertThat(PublishRequest.parse("publish:short")).isEmpty();
        assertThat(PublishRequest.parse("publish:" + KEY + "/../x")).isEmpty();
        assertThat(PublishRequest.parse("")).isEmpty();
        assertThat(PublishRequest.parse(null)).isEmpty();
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(new PublishRequest(KEY).toString()).doesNotContain(KEY);
    }
}
