package org.millrace.core.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The key a client address is counted under by per-client limits (login attempts, live viewers): an IPv4 address as
 * it is, an IPv4-mapped IPv6 address as its IPv4 address, and any other IPv6 address as its /64 prefix, because one
 * subscriber, and so one attacker, is routinely handed a whole /64 and can pick a fresh address in it for every
 * request.
 */
public final class ClientAddressKey {
    public static final String UNKNOWN = "unknown";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** Anything else (not expected from the gateway) is kept, cut to the longest literal, so keys stay small. */
    private static final int MAX_OTHER = 45;

    private ClientAddressKey() {}

    public static String of(String address) {
        if (address == null || address.isEmpty()) {
            return UNKNOWN;
        }
        String literal = address;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (IPV4.matcher(literal).matches()) {
            return ipv4(literal);
        }
        if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
            try {
                // In brackets, InetAddress only ever parses an IPv6 literal: it never turns to DNS.
                InetAddress parsed = InetAddress.getByName("[" + literal + "]");
                if (parsed instanceof Inet4Address) {
                    return parsed.getHostAddress(); // IPv4-mapped (::ffff:a.b.c.d)
                }
                if (parsed instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
                    Arrays.fill(prefix, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
            } catch (UnknownHostException e) {
                // not an address after all: counted under its text below
            }
        }
        return address.length() > MAX_OTHER ? address.substring(0, MAX_OTHER) : address;
    }

    private static String ipv4(String literal) {
        String[] parts = literal.split("\\.");
        StringBuilder key = new StringBuilder(15);
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return literal;
            }
            if (key.length() > 0) {
                key.append('.');
            }
            key.append(octet);
        }
        return key.toString();
    }
}
