package org.millrace.core.security;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an SRT caller asks for in its stream id, in the three forms the contract accepts: {@code publish:<key>},
 * the SRT access-control syntax {@code #!::r=<key>,m=publish} and a bare {@code <key>}.
 */
public record PublishRequest(String streamKey) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    /** The request, or empty when the stream id asks for something else (e.g. {@code m=request}) or is malformed. */
    public static Optional<PublishRequest> parse(String streamId) {
        if (streamId == null) {
            return Optional.empty();
        }
        String key;
        if (streamId.startsWith("#!::")) {
            key = null;
            String mode = "publish"; // the access-control spec's default mode is request; OBS always says publish
            boolean sawMode = false;
            for (String pair : streamId.substring(4).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    return Optional.empty();
                }
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (name.equals("r")) {
                    key = value;
                } else if (name.equals("m")) {
                    mode = value;
                    sawMode = true;
                }
            }
            if (sawMode && !mode.equals("publish")) {
                return Optional.empty();
            }
        } else if (streamId.startsWith("publish:")) {
            key = streamId.substring("publish:".length());
        } else {
            key = streamId;
        }
        return key != null && KEY.matcher(key).matches() ? Optional.of(new PublishRequest(key)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PublishRequest[key hidden]";
    }
}
