package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordingStatusTest {
    @Test
    void followsItsLife() {
        assertThat(RecordingStatus.PENDING.canMoveTo(RecordingStatus.PROCESSING)).isTrue();
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
        assertThat(RecordingStatus.READY.wireName()).isEqualTo("ready");
    }
}
