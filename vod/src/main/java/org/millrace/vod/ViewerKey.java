package org.millrace.vod;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.security.Principal;

/**
 * Who watched, for the view dedup: {@code u:<userId>} for a signed-in viewer, else {@code a:<sha256(client IP, the
 * player's random viewerId)>}, hashed so the table holds no addresses; anonymous views also carry the hashed
 * address alone, which caps how many views one address counts per window.
 */
public final class ViewerKey {
    private static final Pattern VIEWER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ViewerKey() {}

    /**
     * The hashed address an anonymous view is capped by ({@code c:<sha256(ip)>}), or null for a signed-in viewer
     * (their views are capped by being theirs).
     */
    public static String client(Principal caller, String clientIp) {
        return caller != null ? null : "c:" + sha256(clientIp == null ? "" : clientIp);
    }

    /** @param body the request body (may be null); its optional {@code viewerId} tells apart viewers behind one IP */
    public static String of(Principal caller, String clientIp, Object body) {
        if (caller != null) {
            return "u:" + caller.userId();
        }
        String viewerId = "";
        if (body instanceof JsonObject json && json.getValue("viewerId") != null) {
            if (!(json.getValue("viewerId") instanceof String id)
                    || !VIEWER_ID.matcher(id).matches()) {
                throw ServiceException.badRequest(
                        "invalid_viewer_id", "viewerId must be 1 to 64 letters, digits, - or _");
            }
            viewerId = id;
        }
        // The separator cannot occur in either part, so two different pairs never hash alike.
        return "a:" + sha256((clientIp == null ? "" : clientIp) + "\n" + viewerId);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
