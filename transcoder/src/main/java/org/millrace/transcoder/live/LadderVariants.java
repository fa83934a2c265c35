package org.millrace.transcoder.live;

import java.util.ArrayList;
import java.util.List;
import org.millrace.hls.H264Codecs;
import org.millrace.hls.Variant;
import org.millrace.transcoder.encode.AacEncoder;
import org.millrace.transcoder.encode.SourcePackets;
import org.millrace.transcoder.encode.VideoRungEncoder;

/** The master playlist's variants of one epoch: the copied source first, then each rung, each with the shared audio. */
public final class LadderVariants {
    /** The copied source's rendition name, and the shared audio rendition's. */
    public static final String SOURCE = "source";

    public static final String AUDIO = "audio";

    private LadderVariants() {}

    /**
     * @param playlist    each rendition's media playlist name in its folder ({@code index.m3u8} live)
     * @param sourcePeak  the copied source's measured peak bitrate (ignored without a source)
     */
    public static List<Variant> of(
            String playlist,
            SourcePackets source,
            double sourcePeak,
            double sourceAverage,
            int[] sourceSize,
            double sourceFps,
            List<VideoRungEncoder> videos,
            AacEncoder audio) {
        int audioBitrate = audio == null ? 0 : audio.bitrate();
        List<Variant> variants = new ArrayList<>();
        if (source != null) {
            // The publisher's bitrate is whatever it sends: measured on the segments listed so far.
            long peak = Math.round(sourcePeak * 1.1 + audioBitrate);
            long average = Math.round(sourceAverage + audioBitrate);
            String codecs = audio == null ? source.codecs() : source.codecs() + "," + H264Codecs.AAC_LC;
            variants.add(new Variant(
                    SOURCE + "/" + playlist,
                    Math.max(peak, average),
                    average,
                    sourceSize[0],
                    sourceSize[1],
                    sourceFps,
                    codecs));
        }
        for (VideoRungEncoder v : videos) {
            // Peak: the VBV max rate (1.1 x) plus audio plus about 5 % of fMP4 overhead; average: nominal + overhead.
            long peak = Math.round((v.bitrate() * 1.1 + audioBitrate) * 1.05);
            long average = Math.round((v.bitrate() + audioBitrate) * 1.05);
            String codecs = audio == null ? v.codecs() : v.codecs() + "," + H264Codecs.AAC_LC;
            variants.add(new Variant(v.name() + "/" + playlist, peak, average, v.width(), v.height(), v.fps(), codecs));
        }
        return variants;
    }
}
