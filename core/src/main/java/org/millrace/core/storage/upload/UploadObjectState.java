package org.millrace.core.storage.upload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What storage holds of an unfinished upload besides its length, kept with the upload's row so any gateway (and
 * the expiry job) can continue or discard it: on S3 the multipart upload's id, its parts and the pieces (bytes
 * received since the last part, stored as small objects); nothing on the local store, whose file is the state.
 */
public record UploadObjectState(String multipartId, List<Part> parts, List<Piece> pieces) {

    /** One multipart part as S3 acknowledged it. */
    public record Part(int number, String etag, long size) {}

    /** Bytes {@code [offset, offset + size)} of the upload, stored as their own object until they fill a part. */
    public record Piece(long offset, long size) {}

    public static final UploadObjectState EMPTY = new UploadObjectState(null, List.of(), List.of());

    public UploadObjectState {
        parts = List.copyOf(parts);
        pieces = List.copyOf(pieces);
    }

    public long partBytes() {
        return parts.stream().mapToLong(Part::size).sum();
    }

    public long pieceBytes() {
        return pieces.stream().mapToLong(Piece::size).sum();
    }

    public JsonObject toJson() {
        JsonArray p = new JsonArray();
        parts.forEach(part -> p.add(new JsonObject()
                .put("n", part.number())
                .put("etag", part.etag())
                .put("size", part.size())));
        JsonArray q = new JsonArray();
        pieces.forEach(
                piece -> q.add(new JsonObject().put("offset", piece.offset()).put("size", piece.size())));
        return new JsonObject().put("multipartId", multipartId).put("parts", p).put("pieces", q);
    }

    /** The state stored as JSON; null or empty JSON is {@link #EMPTY}. */
    public static UploadObjectState fromJson(JsonObject json) {
        if (json == null || json.isEmpty()) {
            return EMPTY;
        }
        JsonArray p = json.getJsonArray("parts", new JsonArray());
        JsonArray q = json.getJsonArray("pieces", new JsonArray());
        List<Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            JsonObject part = p.getJsonObject(i);
            parts.add(new Part(part.getInteger("n"), part.getString("etag"), part.getLong("size")));
        }
        List<Piece> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < q.size(); i++) {
            JsonObject piece = q.getJsonObject(i);
            pieces.add(new Piece(piece.getLong("offset"), piece.getLong("size")));
        }
        return new UploadObjectState(json.getString("multipartId"), parts, pieces);
    }
}
