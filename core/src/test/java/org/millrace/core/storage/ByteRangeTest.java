package org.millrace.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @Test
    void parsesTheThreeSingleRangeForms() {
        assertThat(ByteRange.fromHttpHeader("bytes=0-99", 1000)).contains(ByteRange.of(0, 100));
        assertThat(ByteRange.fromHttpHeader("bytes=500-", 1000)).contains(ByteRange.of(500, 500));
        assertThat(ByteRange.fromHttpHeader("bytes=-100", 1000)).contains(ByteRange.of(900, 100));
        assertThat(ByteRange.fromHttpHeader("Bytes=10-19", 1000)).contains(ByteRange.of(10, 10));
    }

    @Test
    void clampsToTheObjectSize() {
        assertThat(ByteRange.fromHttpHeader("bytes=900-5000", 1000)).contains(ByteRange.of(900, 100));
        assertThat(ByteRange.fromHttpHeader("bytes=-5000", 1000)).contains(ByteRange.of(0, 1000));
        assertThat(ByteRange.of(990, 50).resolve(1000)).isEqualTo(ByteRange.of(990, 10));
        assertThat(ByteRange.from(10).resolve(1000)).isEqualTo(ByteRange.of(10, 990));
    }

    @Test
    void unsatisfiableRangesThrow() {
        assertThatThrownBy(() -> ByteRange.fromHttpHeader("bytes=1000-", 1000))
                .isInstanceOf(RangeNotSatisfiableException.class)
                .satisfies(e -> assertThat(((RangeNotSatisfiableException) e).totalSize())
                        .isEqualTo(1000));
        assertThatThrownBy(() -> ByteRange.fromHttpHeader("bytes=2000-3000", 1000))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> ByteRange.fromHttpHeader("bytes=-0", 1000))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> ByteRange.fromHttpHeader("bytes=0-", 0))
                .isInstanceOf(RangeNotSatisfiableException.class);
        assertThatThrownBy(() -> ByteRange.from(5).resolve(5)).isInstanceOf(RangeNotSatisfiableException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bytes",
                "bytes=",
                "bytes=-",
                "items=0-1",
                "bytes=a-b",
                "bytes=5-2",
                "bytes=0-1,5-6",
                "bytes=1",
                "bytes=--1",
                "bytes=99999999999999999999-"
            })
    void ignoresMalformedOrMultipleRanges(String header) {
        assertThat(ByteRange.fromHttpHeader(header, 1000)).isEmpty();
    }

    @Test
    void absentHeaderMeansWholeObject() {
        assertThat(ByteRange.fromHttpHeader(null, 1000)).isEmpty();
    }

    @Test
    void contentRangeHeader() {
        assertThat(ByteRange.of(0, 100).contentRange(1000)).isEqualTo("bytes 0-99/1000");
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> ByteRange.of(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.of(0, -2)).isInstanceOf(IllegalArgumentException.class);
    }
}
