package org.millrace.uploads.media;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.millrace.transcoder.fmp4.AnnexB;

/**
 * An MP4 or Matroska H.264 sample (NAL units with 4-byte lengths) as Annex B (start codes), the form the live
 * passthrough ({@link org.millrace.transcoder.encode.SourcePackets}) takes from MPEG-TS.
 */
final class AnnexBFromLengths {
    private static final byte[] START = {0, 0, 0, 1};

    private AnnexBFromLengths() {}

    /** The sample in Annex B, or null when its lengths run past its end (a damaged sample). */
    static byte[] convert(byte[] lengthPrefixed) {
        List<byte[]> units;
        try {
            units = AnnexB.splitLengthPrefixed(lengthPrefixed);
        } catch (IllegalArgumentException damaged) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(lengthPrefixed.length + 8);
        for (byte[] unit : units) {
            out.writeBytes(START);
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }
}
