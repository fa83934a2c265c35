package org.millrace.core.media;

import io.vertx.core.json.JsonObject;

/** One rendition of a live session as its master playlist lists it (what the API shows as available renditions). */
public record RenditionInfo(String name, int width, int height, long bandwidth, double frameRate) {
    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("width", width).put("height", height)
                .put("bandwidth", bandwidth).put("frameRate", frameRate);
    }
}
