package org.millrace.core.bus;

/** The {@code ?limit=} of a list request: a page size from 1 to the list's maximum, or a 400 {@code invalid_limit}. */
public final class ListLimit {
    private ListLimit() {}

    /** The request's {@code ?limit=}, or {@code defaultLimit} when it names none. */
    public static int of(ServiceRequest request, int defaultLimit, int max) {
        return request.queryParam("limit").map(value -> parse(value, max)).orElse(defaultLimit);
    }

    public static int parse(String value, int max) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ServiceException.badRequest("invalid_limit", "limit must be a number from 1 to " + max);
    }
}
