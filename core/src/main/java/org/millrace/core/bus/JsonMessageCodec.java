package org.millrace.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Carries a message record over the event bus as JSON, so the same record works in one JVM (passed as is) and
 * between clustered JVMs (encoded on the wire).
 */
public final class JsonMessageCodec<T> implements MessageCodec<T, T> {
    private final String name;
    private final Function<T, JsonObject> toJson;
    private final Function<JsonObject, T> fromJson;

    public JsonMessageCodec(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
        this.name = "millrace." + type.getSimpleName();
        this.toJson = toJson;
        this.fromJson = fromJson;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        Buffer json = toJson.apply(message).toBuffer();
        buffer.appendInt(json.length());
        buffer.appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    @Override
    public T transform(T message) {
        return message; // records are immutable: safe to hand over as is inside one JVM
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
