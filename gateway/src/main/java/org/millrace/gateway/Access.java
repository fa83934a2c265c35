package org.millrace.gateway;

/** Who may call a route. */
public enum Access {
    /** Anyone; a presented token is ignored. */
    PUBLIC,
    /** Anyone; a valid token identifies the caller, an invalid one is refused. */
    OPTIONAL_AUTH,
    /** A valid access token is required. */
    AUTHENTICATED
}
