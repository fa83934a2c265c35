package org.millrace.ingest.streams;

import io.netty.util.NetUtil;

/**
 * What one client is counted by: its IPv4 address, or the /64 of an IPv6 address (one subscriber gets a whole /64,
 * so per-address caps would otherwise be per-device at best). Parsing is textual: no name is ever looked up.
 */
final class ClientAddressKey {
    private static final String UNKNOWN = "?";

    private ClientAddressKey() {
    }

    static String of(String clientAddress) {
        if (clientAddress == null || clientAddress.isEmpty()) {
            return UNKNOWN;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(clientAddress);
        if (bytes == null) {
            return clientAddress.length() <= 64 ? clientAddress : UNKNOWN;
        }
        if (bytes.length == 4) {
            return "4:" + NetUtil.bytesToIpAddress(bytes);
        }
        if (isMappedIpv4(bytes)) {
            return "4:" + NetUtil.bytesToIpAddress(bytes, 12, 4);
        }
        StringBuilder prefix = new StringBuilder("6:");
        for (int i = 0; i < 8; i++) {
            prefix.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return prefix.append("/64").toString();
    }

    private static boolean isMappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
