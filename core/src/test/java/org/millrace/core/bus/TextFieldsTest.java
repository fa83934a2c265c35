package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextFieldsTest {
    @Test
    void titlesAreOneToMaxCharactersCountedAsCodePointsWithoutControls() {
        assertThat(TextFields.title("  Sunday stream ", 20)).isEqualTo("  Sunday stream ");
        assertThat(TextFields.title("🎥".repeat(5), 5)).isEqualTo("🎥".repeat(5));
        for (Object bad : new Object[] {null, "", "   ", "x".repeat(6), "a\nb", "a\u0000b", "a\u009bb", 42}) {
            assertThatThrownBy(() -> TextFields.title(bad, 5))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(
                            ServiceException.class, e -> assertThat(e.code()).isEqualTo("invalid_title"));
        }
    }

    @Test
    void descriptionsMayBreakLinesButHoldNoOtherControlAndNullIsEmpty() {
        assertThat(TextFields.description(null, 10)).isEmpty();
        assertThat(TextFields.description("a\r\n\tb", 10)).isEqualTo("a\r\n\tb");
        for (Object bad : new Object[] {"x".repeat(11), "a\u0007b", "a\u0000", true}) {
            assertThatThrownBy(() -> TextFields.description(bad, 10))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(
                            ServiceException.class, e -> assertThat(e.code()).isEqualTo("invalid_description"));
        }
    }
}
