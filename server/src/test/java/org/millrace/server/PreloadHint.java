package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The part an LL-HLS media playlist's preload hint names: the next part the playlist will list. */
record PreloadHint(long msn, int part) {
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(\\d+)\\.(\\d+)\\.m4s\"");

    /** The hint of {@code playlist}, which must have one. */
    static PreloadHint of(String playlist) {
        Matcher hint = HINT.matcher(playlist);
        assertThat(hint.find()).as("a preload hint in%n%s", playlist).isTrue();
        return new PreloadHint(Long.parseLong(hint.group(1)), Integer.parseInt(hint.group(2)));
    }

    /** How far the playlist has got, as one comparable number (a segment has far fewer than 1000 parts). */
    long position() {
        return msn * 1000 + part;
    }
}
