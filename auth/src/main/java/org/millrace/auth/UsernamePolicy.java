package org.millrace.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a username may look like: 3-32 characters of letters, digits, {@code _}, {@code .} and {@code -}, starting
 * with a letter or digit. Uniqueness is case-insensitive, so names are compared by their {@link #canonical} form.
 */
public final class UsernamePolicy {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,31}");

    private UsernamePolicy() {}

    /** Why {@code username} is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.of("a username is required");
        }
        if (username.length() < 3 || username.length() > 32) {
            return Optional.of("a username has 3 to 32 characters");
        }
        if (!ALLOWED.matcher(username).matches()) {
            return Optional.of("a username uses letters, digits, '_', '.' and '-', and starts with a letter or digit");
        }
        return Optional.empty();
    }

    public static String canonical(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
