package org.millrace.transcoder.fmp4;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The AVCDecoderConfigurationRecord ("avcC", ISO/IEC 14496-15 §5.3.3.1) of an H.264 track, built from its sequence
 * and picture parameter sets: from a codec's extradata (Annex B, or already an avcC record) or from the parameter
 * sets carried in-band in the first keyframe. Samples that go with it use 4-byte NAL lengths.
 */
public final class AvcConfig {
    private AvcConfig() {}

    /** An avcC record from one or more SPS and PPS NAL units (without start codes or length prefixes). */
    public static byte[] of(List<byte[]> spsList, List<byte[]> ppsList) {
        if (spsList.isEmpty() || ppsList.isEmpty()) {
            throw new IllegalArgumentException("an avcC record needs an SPS and a PPS");
        }
        byte[] sps = spsList.get(0);
        if (sps.length < 4 || AnnexB.type(sps) != AnnexB.NAL_SPS) {
            throw new IllegalArgumentException("not an SPS: " + sps.length + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // configurationVersion
        out.write(sps[1]); // AVCProfileIndication
        out.write(sps[2]); // profile_compatibility
        out.write(sps[3]); // AVCLevelIndication
        out.write(0xfc | 3); // lengthSizeMinusOne: 4-byte NAL lengths
        out.write(0xe0 | spsList.size());
        for (byte[] unit : spsList) {
            writeUnit(out, unit);
        }
        out.write(ppsList.size());
        for (byte[] unit : ppsList) {
            writeUnit(out, unit);
        }
        int profile = sps[1] & 0xff;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            // The high-profile extension says the chroma format and bit depths; decoders read them from the SPS,
            // but the record is malformed without them.
            SpsChroma chroma = SpsChroma.parse(sps);
            out.write(0xfc | chroma.chromaFormat());
            out.write(0xf8 | chroma.bitDepthLumaMinus8());
            out.write(0xf8 | chroma.bitDepthChromaMinus8());
            out.write(0); // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    /** An avcC record from one SPS and one PPS. */
    public static byte[] of(byte[] sps, byte[] pps) {
        return of(List.of(sps), List.of(pps));
    }

    /**
     * The avcC record for a codec's extradata: an avcC record as is (the mp4 demuxer's), or Annex B parameter sets
     * (libx264 with global headers, the MPEG-TS demuxer). Null when the extradata holds no SPS and PPS.
     */
    public static byte[] fromExtradata(byte[] extradata) {
        if (extradata == null || extradata.length == 0) {
            return null;
        }
        if (extradata[0] == 1 && !AnnexB.isAnnexB(extradata)) {
            return Arrays.copyOf(extradata, extradata.length);
        }
        return fromAnnexB(extradata);
    }

    /**
     * The avcC record from the parameter sets an access unit carries in-band (an Annex B keyframe), or null when it
     * carries none: the caller waits for a keyframe that does.
     */
    public static byte[] fromAnnexB(byte[] annexB) {
        return fromUnits(AnnexB.split(annexB));
    }

    /** The avcC record from the parameter sets among NAL units, or null when an SPS or a PPS is missing. */
    public static byte[] fromUnits(List<byte[]> units) {
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (byte[] unit : units) {
            int type = AnnexB.type(unit);
            if (type == AnnexB.NAL_SPS && sps.stream().noneMatch(s -> Arrays.equals(s, unit))) {
                sps.add(unit);
            } else if (type == AnnexB.NAL_PPS && pps.stream().noneMatch(p -> Arrays.equals(p, unit))) {
                pps.add(unit);
            }
        }
        return sps.isEmpty() || pps.isEmpty() ? null : of(sps, pps);
    }

    /** The profile, compatibility and level bytes as the RFC 6381 codecs string writes them ("avc1.64001f"). */
    public static String codecs(byte[] avcC) {
        return String.format("avc1.%02x%02x%02x", avcC[1] & 0xff, avcC[2] & 0xff, avcC[3] & 0xff);
    }

    private static void writeUnit(ByteArrayOutputStream out, byte[] unit) {
        if (unit.length > 0xffff) {
            throw new IllegalArgumentException("parameter set of " + unit.length + " bytes");
        }
        out.write(unit.length >>> 8);
        out.write(unit.length);
        out.write(unit, 0, unit.length);
    }
}
