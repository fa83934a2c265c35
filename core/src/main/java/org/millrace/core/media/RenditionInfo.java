package org.millrace.core.media;

import io.vertx.core.json.JsonObject;

/** One rendition of a live session as its master playlist lists it (what the API shows as available renditions). */
public record RenditionInfo(String name, int width, int height, long bandwidth, double frameRate) {
    public JsonObject toJson() {
        return new JsonObject()
                .put("name", name)
                .put("width", width)
                .put("height", height)
                .put("bandwidth", bandwidth)
                .put("frameRate", frameRate);
    }

    /** Lenient on numbers (a missing one is 0): a rendition is shown, not acted on. */
    public static RenditionInfo fromJson(JsonObject json) {
        return new RenditionInfo(
                json.getString("name"),
                json.getInteger("width", 0),
                json.getInteger("height", 0),
                json.getLong("bandwidth", 0L),
                json.getDouble("frameRate", 0.0));
    }
}
