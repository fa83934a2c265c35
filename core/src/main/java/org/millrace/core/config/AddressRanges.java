package org.millrace.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of IP addresses and CIDR ranges from a setting ("10.0.0.0/8, 127.0.0.1 fd00::/8"), for the settings that
 * say who may do something: the trusted proxies, the addresses allowed to read {@code /metrics}.
 */
public final class AddressRanges {
    public static final AddressRanges NONE = new AddressRanges(List.of(), "");

    /** Only IP literals: InetAddress.getByName on anything else would be a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Range> ranges;
    private final String text;

    private AddressRanges(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** "10.0.0.0/8, 127.0.0.1 fd00::/8"; blank is none. */
    public static AddressRanges parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String[] items = value.trim().split("[,\\s]+");
        List<Range> ranges = new ArrayList<>();
        for (String item : items) {
            int slash = item.indexOf('/');
            byte[] address = literal(slash < 0 ? item : item.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + item);
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(item.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("not a CIDR range: " + item);
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new AddressRanges(List.copyOf(ranges), String.join(",", items));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is never contained) lies in one of the ranges. */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** Whether {@code text} is an IP literal, which {@link #contains} can judge without a DNS lookup. */
    static boolean isLiteral(String text) {
        return literal(text) != null;
    }

    /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not an IP literal. */
    private static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (!LITERAL.matcher(s).matches()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            // Dotted quads only, each octet ≤ 255: anything else would be taken for a host name.
            String[] octets = s.split("\\.", -1);
            if (octets.length != 4) {
                return null;
            }
            for (String octet : octets) {
                if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "none" : text;
    }

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
