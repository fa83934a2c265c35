package org.millrace.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.core.security.PublicIds;

class ListPagingTest {
    private static final SequenceCursor STREAMS = new SequenceCursor("s1:");

    @Test
    void cursorsRoundTripAndForgeriesAre400() {
        assertThat(STREAMS.decode(STREAMS.encode(1234))).isEqualTo(1234);
        // "", not base64, "s1:" alone, a negative or non-numeric position, another list's cursor ("x:1")
        for (String bad :
                new String[] {"", "!!", "czE6", "czE6LTE", "czE6YWJj", "eDox", new SequenceCursor("r:").encode(5)}) {
            assertThatThrownBy(() -> STREAMS.decode(bad))
                    .isInstanceOfSatisfying(
                            ServiceException.class, e -> assertThat(e.code()).isEqualTo("invalid_cursor"));
        }
    }

    @Test
    void aPageReadWithOneRowMoreHasACursorAfterItsLastRowAndTheLastPageNone() {
        List<Long> rows = List.of(9L, 7L, 4L);
        JsonObject page = STREAMS.page(rows, 2, seq -> seq, seq -> "row " + seq);
        assertThat(page.getJsonArray("items"))
                .isEqualTo(new JsonArray().add("row 9").add("row 7"));
        assertThat(STREAMS.decode(page.getString("nextCursor"))).isEqualTo(7);
        JsonObject last = STREAMS.page(rows, 3, seq -> seq, seq -> "row " + seq);
        assertThat(last.getJsonArray("items")).hasSize(3);
        assertThat(last.containsKey("nextCursor")).isTrue();
        assertThat(last.getString("nextCursor")).isNull();
        assertThat(STREAMS.page(List.<Long>of(), 2, seq -> seq, seq -> seq).getJsonArray("items"))
                .isEmpty();
    }

    @Test
    void limitsAreWholeNumbersWithinTheListsMaximum() {
        assertThat(ListLimit.parse("1", 100)).isEqualTo(1);
        assertThat(ListLimit.parse("100", 100)).isEqualTo(100);
        for (String bad : new String[] {"0", "101", "-1", "ten", "", "1e2", "99999999999"}) {
            assertThatThrownBy(() -> ListLimit.parse(bad, 100))
                    .isInstanceOfSatisfying(
                            ServiceException.class, e -> assertThat(e.code()).isEqualTo("invalid_limit"));
        }
    }

    @Test
    void publicIdsAreSixteenUrlSafeCharactersAndNothingElseLooksLikeOne() {
        PublicIds ids = new PublicIds(new SecureRandom());
        String id = ids.newId();
        assertThat(id).hasSize(16).matches("[A-Za-z0-9_-]+");
        assertThat(PublicIds.looksLikeId(id)).isTrue();
        assertThat(ids.newId()).isNotEqualTo(id);
        for (String bad : new String[] {null, "", "short", id + "x", "abc/def+ghi=jklm", "../../etc/passwd12"}) {
            assertThat(PublicIds.looksLikeId(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
