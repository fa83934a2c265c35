package org.millrace.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sane e-mail address: at most 254 characters, one {@code @}, a local part of printable non-space characters
 * (at most 64) and a domain of dot-separated labels with at least one dot. Not RFC 5322 in full: quoted local
 * parts and IP-literal domains are refused, since nobody signs up with them. Uniqueness is case-insensitive.
 */
public final class EmailPolicy {
    public static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private EmailPolicy() {}

    /** Why {@code email} is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String email) {
        if (email == null || email.isEmpty()) {
            return Optional.of("an e-mail address is required");
        }
        if (email.length() > MAX_LENGTH) {
            return Optional.of("an e-mail address has at most " + MAX_LENGTH + " characters");
        }
        int at = email.indexOf('@');
        if (at <= 0
                || at != email.lastIndexOf('@')
                || !validLocal(email.substring(0, at))
                || !validDomain(email.substring(at + 1))) {
            return Optional.of("that is not an e-mail address");
        }
        return Optional.empty();
    }

    public static String canonical(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static boolean validLocal(String local) {
        return LOCAL.matcher(local).matches()
                && !local.startsWith(".")
                && !local.endsWith(".")
                && !local.contains("..");
    }

    private static boolean validDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
