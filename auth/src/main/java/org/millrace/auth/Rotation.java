package org.millrace.auth;

/**
 * What presenting a refresh token came to.
 *
 * @param userId    whose token it was (null when unknown)
 * @param nextToken the token that replaces it, when {@code outcome} is {@link Outcome#ROTATED}
 */
public record Rotation(Outcome outcome, String userId, String nextToken) {
    /** Every outcome but ROTATED is a 401 to the caller. */
    public enum Outcome {
        ROTATED,
        /** Not a token we know. */
        UNKNOWN,
        EXPIRED,
        /** Its family was revoked (logout, or an earlier reuse). */
        REVOKED,
        /** Already spent: someone holds a copy, so the whole family was just revoked. */
        REUSED
    }

    static Rotation refused(Outcome outcome, String userId) {
        return new Rotation(outcome, userId, null);
    }
}
