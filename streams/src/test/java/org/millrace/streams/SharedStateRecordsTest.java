package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.millrace.core.bus.JsonMessageCodec;

/** The records streams instances keep each other's state with survive the wire; nonsense is refused. */
class SharedStateRecordsTest {
    private static <T> T roundTrip(JsonMessageCodec<T> codec, T original) {
        Buffer wire = Buffer.buffer("pre");
        codec.encodeToWire(wire, original);
        return codec.decodeFromWire(3, wire);
    }

    @Test
    void viewerChangesSurviveTheWire() {
        var codec = new JsonMessageCodec<>(ViewerChange.class, ViewerChange::toJson, ViewerChange::fromJson);
        for (ViewerChange change : new ViewerChange[] {
            new ViewerChange("node-a", "Abcdefgh12345678", "viewer-0123456789ab", "2001:db8::1"),
            new ViewerChange("node-a", "Abcdefgh12345678", "viewer-0123456789ab", null),
            new ViewerChange("node-b", "Abcdefgh12345678", null, null)
        }) {
            assertThat(roundTrip(codec, change)).isEqualTo(change);
        }
    }

    @Test
    void refusalChangesSurviveTheWire() {
        var codec = new JsonMessageCodec<>(RefusalChange.class, RefusalChange::toJson, RefusalChange::fromJson);
        for (RefusalChange change : new RefusalChange[] {
            new RefusalChange("node-a", "Abcdefgh12345678", "disabled", Instant.parse("2026-11-30T12:00:00.123Z")),
            new RefusalChange("node-a", "Abcdefgh12345678", null, null)
        }) {
            assertThat(roundTrip(codec, change)).isEqualTo(change);
        }
    }

    @Test
    void refusesWhatNoInstanceCouldApply() {
        assertThatThrownBy(() -> new ViewerChange("node-a", "s", "short", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ViewerChange.fromJson(new JsonObject().put("streamId", "s")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefusalChange("node-a", "s", "disabled", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
