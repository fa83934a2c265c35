package org.millrace.transcoder.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
    private static final byte[] AUD = {0x09, (byte) 0xf0};
    private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1f, (byte) 0xac};
    private static final byte[] PPS = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x00, 0x00, 0x03, 0x01, (byte) 0x80};

    @Test
    void splitsOnThreeAndFourByteStartCodes() {
        byte[] stream = concat(
                new byte[] {0, 0, 0, 1},
                AUD,
                new byte[] {0, 0, 1},
                SPS,
                new byte[] {0, 0, 0, 1},
                PPS,
                new byte[] {0, 0, 1},
                IDR);
        List<byte[]> units = AnnexB.split(stream);
        assertThat(units).containsExactly(AUD, SPS, PPS, IDR);
        assertThat(units.stream().map(AnnexB::type)).containsExactly(9, 7, 8, 5);
    }

    @Test
    void trailingZerosAndLeadingGarbageAreNotPartOfAUnit() {
        byte[] stream = concat(new byte[] {0x42, 0, 0, 1}, SPS, new byte[] {0, 0, 0, 0, 1}, PPS, new byte[] {0, 0});
        assertThat(AnnexB.split(stream)).containsExactly(SPS, PPS);
    }

    @Test
    void emulationPreventionBytesInsideAUnitAreKept() {
        // 00 00 03 01 inside the slice is escaped data, not a start code
        assertThat(AnnexB.split(concat(new byte[] {0, 0, 1}, IDR))).containsExactly(IDR);
    }

    @Test
    void lengthPrefixedDropsDelimitersAndRoundTrips() {
        byte[] stream = concat(new byte[] {0, 0, 0, 1}, AUD, new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 1}, IDR);
        byte[] sample = AnnexB.toLengthPrefixed(stream);
        assertThat(sample).startsWith(0, 0, 0, SPS.length, 0x67);
        assertThat(sample).hasSize(4 + SPS.length + 4 + IDR.length);
        assertThat(AnnexB.splitLengthPrefixed(sample)).containsExactly(SPS, IDR);
        assertThat(AnnexB.isAnnexB(stream)).isTrue();
        assertThat(AnnexB.isAnnexB(sample)).isFalse();
    }

    @Test
    void findsParameterSets() {
        List<byte[]> units = AnnexB.split(concat(new byte[] {0, 0, 1}, SPS, new byte[] {0, 0, 1}, PPS));
        assertThat(AnnexB.first(units, AnnexB.NAL_SPS)).isEqualTo(SPS);
        assertThat(AnnexB.first(units, AnnexB.NAL_PPS)).isEqualTo(PPS);
        assertThat(AnnexB.first(units, AnnexB.NAL_IDR)).isNull();
    }

    @Test
    void aTruncatedLengthPrefixedSampleIsRejected() {
        assertThatThrownBy(() -> AnnexB.splitLengthPrefixed(new byte[] {0, 0, 0, 9, 0x65}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnnexB.splitLengthPrefixed(new byte[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
