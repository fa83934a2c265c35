package org.millrace.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Decides whether a TCP peer may reach {@code /internal/} at all: loopback only, unless remote calls are allowed. */
final class InternalCallers {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private InternalCallers() {}

    /**
     * Whether a caller at {@code hostAddress} (an IP literal as the socket reports it; null for none) may call
     * the internal API. Never resolves a name: anything but an IP literal is refused.
     */
    static boolean allows(String hostAddress, boolean allowRemote) {
        if (allowRemote) {
            return true;
        }
        if (hostAddress == null) {
            return false;
        }
        String host = hostAddress.startsWith("[") && hostAddress.endsWith("]")
                ? hostAddress.substring(1, hostAddress.length() - 1)
                : hostAddress;
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
            return false; // not a literal: InetAddress would go to DNS
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // ::ffff:127.0.0.1 maps to 127.0.0.1
        } catch (UnknownHostException malformed) {
            return false;
        }
    }
}
