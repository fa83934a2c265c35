package org.millrace.hls;

import java.util.List;
import java.util.Locale;

/** Renders the master playlist: the video variants, each referring to the one shared AAC rendition when there is one. */
public final class MasterPlaylist {
    /** The EXT-X-MEDIA group id every variant refers to. */
    public static final String AUDIO_GROUP = "aac";

    private MasterPlaylist() {}

    /** @param audioUri the audio rendition's playlist, or null for a source without audio */
    public static String render(List<Variant> variants, String audioUri) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audioUri != null) {
            b.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"")
                    .append(AUDIO_GROUP)
                    .append("\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"")
                    .append(audioUri)
                    .append("\"\n");
        }
        for (Variant v : variants) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(v.bandwidth())
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(v.averageBandwidth())
                    .append(",RESOLUTION=")
                    .append(v.width())
                    .append('x')
                    .append(v.height())
                    .append(String.format(Locale.ROOT, ",FRAME-RATE=%.3f", v.frameRate()))
                    .append(",CODECS=\"")
                    .append(v.codecs())
                    .append('"');
            if (audioUri != null) {
                b.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
            }
            b.append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }
}
