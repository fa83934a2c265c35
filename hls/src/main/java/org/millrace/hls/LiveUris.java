package org.millrace.hls;

/**
 * The names a live rendition's files have, relative to its playlist: what the transcoder writes, the playlists
 * list and a preload hint predicts. Sequences are media sequence numbers; an epoch's init segment is named after
 * the epoch's first sequence.
 */
public final class LiveUris {
    private LiveUris() {}

    public static String segment(long sequence) {
        return sequence + ".m4s";
    }

    public static String part(long sequence, int index) {
        return sequence + "." + index + ".m4s";
    }

    public static String init(long epochFirstSequence) {
        return "init-" + epochFirstSequence + ".mp4";
    }
}
