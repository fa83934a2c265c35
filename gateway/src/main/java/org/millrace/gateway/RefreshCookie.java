package org.millrace.gateway;

/**
 * How a route handles the {@code millrace_refresh} cookie, so browsers keep their refresh token out of script reach
 * while services only ever see JSON: the gateway moves the token between the cookie and the JSON bodies.
 */
public enum RefreshCookie {
    /** The route does not touch the cookie. */
    NONE(false, false, false),
    /** Login: the reply's {@code refreshToken} is also set as the cookie. */
    ISSUE(false, true, false),
    /** Refresh: the cookie stands in for a missing {@code refreshToken}; the rotated one replaces the cookie. */
    ROTATE(true, true, false),
    /** Logout: the cookie stands in for a missing {@code refreshToken}; the cookie is cleared. */
    CLEAR(true, false, true);

    private final boolean reads;
    private final boolean issues;
    private final boolean clears;

    RefreshCookie(boolean reads, boolean issues, boolean clears) {
        this.reads = reads;
        this.issues = issues;
        this.clears = clears;
    }

    /** Whether the cookie's value goes into a request body that has no {@code refreshToken}. */
    public boolean reads() {
        return reads;
    }

    /** Whether a successful reply's {@code refreshToken} is set as the cookie. */
    public boolean issues() {
        return issues;
    }

    /** Whether the cookie is cleared after the call. */
    public boolean clears() {
        return clears;
    }
}
