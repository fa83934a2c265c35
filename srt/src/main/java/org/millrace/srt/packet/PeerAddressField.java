package org.millrace.srt.packet;

import java.net.InetAddress;

/**
 * The handshake's 16-byte peer address field, in libsrt's layout: each 32-bit word byte-reversed, IPv4 in the first
 * word and the rest zero.
 */
public final class PeerAddressField {
    private PeerAddressField() {}

    public static byte[] encode(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] field = new byte[16];
        if (a.length == 4) {
            for (int i = 0; i < 4; i++) {
                field[i] = a[3 - i];
            }
        } else {
            for (int word = 0; word < 4; word++) {
                for (int i = 0; i < 4; i++) {
                    field[word * 4 + i] = a[15 - (word * 4 + i)];
                }
            }
        }
        return field;
    }
}
