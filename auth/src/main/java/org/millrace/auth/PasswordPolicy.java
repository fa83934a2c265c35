package org.millrace.auth;

import java.util.Optional;

/**
 * What a password must be: 10 to 128 characters (counted as Unicode code points), anything else allowed. Length
 * beats composition rules; the 72-byte limit of bcrypt is lifted by {@link PasswordHasher}'s pre-hash.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;

    private PasswordPolicy() {}

    /** Why {@code password} is refused, or empty when it is acceptable. The message never repeats the password. */
    public static Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
