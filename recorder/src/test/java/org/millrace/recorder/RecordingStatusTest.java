package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordingStatusTest {
    @Test
    void followsItsLife() {
        assertThat(RecordingStatus.RECORDING.canMoveTo(RecordingStatus.PENDING)).isTrue();
        assertThat(RecordingStatus.PENDING.canMoveTo(RecordingStatus.PROCESSING))
                .isTrue();
        assertThat(RecordingStatus.PROCESSING.canMoveTo(RecordingStatus.READY)).isTrue();
        assertThat(RecordingStatus.PROCESSING.canMoveTo(RecordingStatus.FAILED)).isTrue();
        assertThat(RecordingStatus.FAILED.canMoveTo(RecordingStatus.PENDING)).isTrue();
    }

    @Test
    void aReadyRecordingIsFinal() {
        for (RecordingStatus next : RecordingStatus.values()) {
            assertThat(RecordingStatus.READY.canMoveTo(next)).isFalse();
        }
        assertThat(RecordingStatus.PENDING.canMoveTo(RecordingStatus.READY)).isFalse();
        assertThat(RecordingStatus.RECORDING.canMoveTo(RecordingStatus.PROCESSING))
                .as("a session on air is not built")
                .isFalse();
        assertThat(RecordingStatus.RECORDING.canMoveTo(RecordingStatus.READY)).isFalse();
        assertThat(RecordingStatus.PENDING.canMoveTo(RecordingStatus.RECORDING))
                .as("never back on air")
                .isFalse();
        assertThat(RecordingStatus.fromWire("recording")).isEqualTo(RecordingStatus.RECORDING);
        assertThat(RecordingStatus.READY.wireName()).isEqualTo("ready");
    }
}
