package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The id and path checks of every /live request, held against the grammar they implement by hand. */
class LiveMediaFilesTest {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    @Test
    void idsAndPathsAreWhatTheGrammarSays() {
        assertThat(LiveMediaFiles.isId("yPxjLf8DG6ZUdYUO")).isTrue();
        assertThat(LiveMediaFiles.isId("a".repeat(64))).isTrue();
        assertThat(LiveMediaFiles.isId("a".repeat(65))).isFalse();
        assertThat(LiveMediaFiles.isId("")).isFalse();
        assertThat(LiveMediaFiles.isId(null)).isFalse();
        assertThat(LiveMediaFiles.isId("a.b")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("480p/index.m3u8")).isTrue();
        assertThat(LiveMediaFiles.isSafePath("a/b/c.m4s")).isTrue();
        assertThat(LiveMediaFiles.isSafePath("a/b/c/d.m4s")).as("too deep").isFalse();
        assertThat(LiveMediaFiles.isSafePath("../x.m4s")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("480p/.tmp-1.m4s")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("480p//1.m4s")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("480p/")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("/480p/1.m4s")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("480p/1%2e.m4s")).isFalse();
        assertThat(LiveMediaFiles.isSafePath("a".repeat(128))).isTrue();
        assertThat(LiveMediaFiles.isSafePath("a".repeat(129))).isFalse();
        assertThat(LiveMediaFiles.isSafePath("")).isFalse();
        assertThat(LiveMediaFiles.isSafePath(null)).isFalse();
    }

    @Test
    void randomInputAgreesWithTheGrammar() {
        Random random = new Random(17);
        String alphabet = "aZ09_-./%\u00e9 ";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(n % 50 == 0 ? 200 : 12);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            assertThat(LiveMediaFiles.isId(value))
                    .as("isId(%s)", value)
                    .isEqualTo(ID.matcher(value).matches());
            assertThat(LiveMediaFiles.isSafePath(value))
                    .as("isSafePath(%s)", value)
                    .isEqualTo(safeByGrammar(value));
        }
    }

    private static boolean safeByGrammar(String path) {
        if (path.isEmpty()) {
            return false;
        }
        String[] segments = path.split("/", -1);
        if (segments.length > 3) {
            return false;
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }
}
