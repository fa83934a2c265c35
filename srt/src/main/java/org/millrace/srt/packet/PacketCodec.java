package org.millrace.srt.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes datagrams into {@link SrtPacket}s and encodes packets into datagrams, per the SRT spec's packet formats
 * (all fields big-endian). Decoding never throws anything but {@link MalformedPacketException}, whatever the bytes.
 */
public final class PacketCodec {
    public static final int HEADER_SIZE = 16;
    public static final int HANDSHAKE_BODY_SIZE = 48;
    private static final int CONTROL_FLAG = 0x8000_0000;

    private PacketCodec() {}

    /**
     * Decodes one datagram. A data packet's payload is a retained slice of {@code datagram} which the caller must
     * release; the datagram itself is left as it was.
     */
    public static SrtPacket decode(ByteBuf datagram) throws MalformedPacketException {
        int length = datagram.readableBytes();
        if (length < HEADER_SIZE) {
            throw new MalformedPacketException("datagram of " + length + " bytes is shorter than a header");
        }
        int base = datagram.readerIndex();
        int w0 = datagram.getInt(base);
        int w1 = datagram.getInt(base + 4);
        int timestamp = datagram.getInt(base + 8);
        int destination = datagram.getInt(base + 12);
        if ((w0 & CONTROL_FLAG) == 0) {
            if (length == HEADER_SIZE) {
                throw new MalformedPacketException("data packet without payload");
            }
            return new DataPacket(
                    w0 & SequenceNumbers.MAX,
                    PacketPosition.ofBits(w1 >>> 30),
                    ((w1 >>> 29) & 1) == 1,
                    EncryptionKey.ofBits(w1 >>> 27),
                    ((w1 >>> 26) & 1) == 1,
                    w1 & DataPacket.MAX_MESSAGE_NUMBER,
                    timestamp,
                    destination,
                    datagram.retainedSlice(base + HEADER_SIZE, length - HEADER_SIZE));
        }
        int type = (w0 >>> 16) & 0x7FFF;
        int subtype = w0 & 0xFFFF;
        ByteBuf cif = datagram.slice(base + HEADER_SIZE, length - HEADER_SIZE);
        ControlType known = ControlType.ofValue(type);
        if (known == null) {
            return new UnknownControlPacket(type, subtype, w1, timestamp, destination);
        }
        return switch (known) {
            case HANDSHAKE -> decodeHandshake(cif, timestamp, destination);
            case KEEPALIVE -> new KeepAlivePacket(timestamp, destination);
            case SHUTDOWN -> new ShutdownPacket(timestamp, destination);
            case ACKACK -> new AckAckPacket(w1, timestamp, destination);
            case ACK -> decodeAck(w1, cif, timestamp, destination);
            case NAK -> new NakPacket(decodeLossList(cif), timestamp, destination);
            case DROPREQ -> {
                if (cif.readableBytes() < 8) {
                    throw new MalformedPacketException("drop request shorter than 8 bytes");
                }
                yield new DropRequestPacket(
                        w1 & DataPacket.MAX_MESSAGE_NUMBER,
                        cif.getInt(0) & SequenceNumbers.MAX,
                        cif.getInt(4) & SequenceNumbers.MAX,
                        timestamp,
                        destination);
            }
            case USER_DEFINED -> {
                if (subtype == KeyMaterialPacket.SUBTYPE_KMREQ || subtype == KeyMaterialPacket.SUBTYPE_KMRSP) {
                    byte[] km = new byte[cif.readableBytes()];
                    cif.getBytes(0, km);
                    yield new KeyMaterialPacket(subtype == KeyMaterialPacket.SUBTYPE_KMRSP, km, timestamp, destination);
                }
                yield new UnknownControlPacket(type, subtype, w1, timestamp, destination);
            }
            default -> new UnknownControlPacket(type, subtype, w1, timestamp, destination);
        };
    }

    private static AckPacket decodeAck(int ackNumber, ByteBuf cif, int timestamp, int destination)
            throws MalformedPacketException {
        int size = cif.readableBytes();
        if (size < 4) {
            throw new MalformedPacketException("ACK without a sequence number");
        }
        int last = cif.getInt(0) & SequenceNumbers.MAX;
        if (size < 16) {
            return new AckPacket(ackNumber, last, AckPacket.Kind.LIGHT, 0, 0, 0, 0, 0, 0, timestamp, destination);
        }
        AckPacket.Kind kind = size >= 28 ? AckPacket.Kind.FULL : AckPacket.Kind.SMALL;
        return new AckPacket(
                ackNumber,
                last,
                kind,
                cif.getInt(4),
                cif.getInt(8),
                cif.getInt(12),
                size >= 20 ? cif.getInt(16) : 0,
                size >= 24 ? cif.getInt(20) : 0,
                size >= 28 ? cif.getInt(24) : 0,
                timestamp,
                destination);
    }

    private static List<SequenceRange> decodeLossList(ByteBuf cif) throws MalformedPacketException {
        int size = cif.readableBytes();
        if (size < 4 || size % 4 != 0) {
            throw new MalformedPacketException("loss list of " + size + " bytes");
        }
        List<SequenceRange> losses = new ArrayList<>(size / 4);
        for (int i = 0; i < size; i += 4) {
            int word = cif.getInt(i);
            if ((word & CONTROL_FLAG) != 0) {
                if (i + 4 >= size) {
                    throw new MalformedPacketException("loss range without an end");
                }
                i += 4;
                losses.add(new SequenceRange(word & SequenceNumbers.MAX, cif.getInt(i) & SequenceNumbers.MAX));
            } else {
                losses.add(SequenceRange.of(word));
            }
        }
        return losses;
    }

    private static HandshakePacket decodeHandshake(ByteBuf cif, int timestamp, int destination)
            throws MalformedPacketException {
        if (cif.readableBytes() < HANDSHAKE_BODY_SIZE) {
            throw new MalformedPacketException("handshake body of " + cif.readableBytes() + " bytes");
        }
        int version = cif.getInt(0);
        int encryption = cif.getUnsignedShort(4);
        int extension = cif.getUnsignedShort(6);
        int isn = cif.getInt(8) & SequenceNumbers.MAX;
        int mtu = cif.getInt(12);
        int window = cif.getInt(16);
        int type = cif.getInt(20);
        int socketId = cif.getInt(24);
        int cookie = cif.getInt(28);
        byte[] peerIp = new byte[16];
        cif.getBytes(32, peerIp);

        Optional<HsExtension> hs = Optional.empty();
        boolean hsResponse = false;
        Optional<byte[]> km = Optional.empty();
        boolean kmResponse = false;
        Optional<String> sid = Optional.empty();
        Optional<String> congestion = Optional.empty();
        int pos = HANDSHAKE_BODY_SIZE;
        int end = cif.readableBytes();
        while (version == 5 && end - pos >= 4) {
            int extType = cif.getUnsignedShort(pos);
            int extBytes = cif.getUnsignedShort(pos + 2) * 4;
            pos += 4;
            if (extBytes > end - pos) {
                throw new MalformedPacketException("handshake extension " + extType + " overruns the packet");
            }
            switch (extType) {
                case HandshakeExtensionType.HSREQ, HandshakeExtensionType.HSRSP -> {
                    if (extBytes < 12) {
                        throw new MalformedPacketException("SRT handshake extension of " + extBytes + " bytes");
                    }
                    hs = Optional.of(new HsExtension(
                            cif.getInt(pos),
                            cif.getInt(pos + 4),
                            cif.getUnsignedShort(pos + 8),
                            cif.getUnsignedShort(pos + 10)));
                    hsResponse = extType == HandshakeExtensionType.HSRSP;
                }
                case HandshakeExtensionType.KMREQ, HandshakeExtensionType.KMRSP -> {
                    byte[] bytes = new byte[extBytes];
                    cif.getBytes(pos, bytes);
                    km = Optional.of(bytes);
                    kmResponse = extType == HandshakeExtensionType.KMRSP;
                }
                case HandshakeExtensionType.SID -> {
                    if (extBytes > StreamIdCodec.MAX_BYTES) {
                        throw new MalformedPacketException("stream id longer than 512 bytes");
                    }
                    byte[] bytes = new byte[extBytes];
                    cif.getBytes(pos, bytes);
                    sid = Optional.of(StreamIdCodec.decode(bytes));
                }
                case HandshakeExtensionType.CONGESTION -> {
                    byte[] bytes = new byte[Math.min(extBytes, 64)];
                    cif.getBytes(pos, bytes);
                    congestion = Optional.of(StreamIdCodec.decode(bytes));
                }
                default -> {
                    // filter, group and future extensions: not supported, skipped
                }
            }
            pos += extBytes;
        }
        return new HandshakePacket(
                version,
                encryption,
                extension,
                isn,
                mtu,
                window,
                type,
                socketId,
                cookie,
                peerIp,
                hs,
                hsResponse,
                km,
                kmResponse,
                sid,
                congestion,
                timestamp,
                destination);
    }

    /** Encodes a packet into a new buffer from {@code alloc}; the caller owns (and sends or releases) it. */
    public static ByteBuf encode(SrtPacket packet, ByteBufAllocator alloc) {
        if (packet instanceof DataPacket d) {
            ByteBuf out = alloc.buffer(HEADER_SIZE + d.payload().readableBytes());
            out.writeInt(d.sequenceNumber() & SequenceNumbers.MAX);
            out.writeInt((d.position().bits() << 30)
                    | ((d.inOrder() ? 1 : 0) << 29)
                    | (d.key().bits() << 27)
                    | ((d.retransmitted() ? 1 : 0) << 26)
                    | (d.messageNumber() & DataPacket.MAX_MESSAGE_NUMBER));
            out.writeInt(d.timestamp());
            out.writeInt(d.destinationSocketId());
            out.writeBytes(d.payload(), d.payload().readerIndex(), d.payload().readableBytes());
            return out;
        }
        ControlPacket c = (ControlPacket) packet;
        ByteBuf out = alloc.buffer(64);
        if (c instanceof HandshakePacket h) {
            header(out, ControlType.HANDSHAKE.value(), 0, 0, h);
            encodeHandshake(out, h);
        } else if (c instanceof KeepAlivePacket k) {
            header(out, ControlType.KEEPALIVE.value(), 0, 0, k).writeInt(0);
        } else if (c instanceof ShutdownPacket s) {
            header(out, ControlType.SHUTDOWN.value(), 0, 0, s).writeInt(0);
        } else if (c instanceof AckAckPacket a) {
            header(out, ControlType.ACKACK.value(), 0, a.ackNumber(), a).writeInt(0);
        } else if (c instanceof AckPacket a) {
            header(out, ControlType.ACK.value(), 0, a.ackNumber(), a);
            out.writeInt(a.lastAcknowledged() & SequenceNumbers.MAX);
            if (a.kind() != AckPacket.Kind.LIGHT) {
                out.writeInt(a.rttMicros()).writeInt(a.rttVarianceMicros()).writeInt(a.availableBufferPackets());
            }
            if (a.kind() == AckPacket.Kind.FULL) {
                out.writeInt(a.packetsReceivingRate())
                        .writeInt(a.estimatedLinkCapacity())
                        .writeInt(a.receivingRateBytes());
            }
        } else if (c instanceof NakPacket n) {
            header(out, ControlType.NAK.value(), 0, 0, n);
            for (SequenceRange r : n.losses()) {
                if (r.isSingle()) {
                    out.writeInt(r.first() & SequenceNumbers.MAX);
                } else {
                    out.writeInt((r.first() & SequenceNumbers.MAX) | CONTROL_FLAG);
                    out.writeInt(r.last() & SequenceNumbers.MAX);
                }
            }
        } else if (c instanceof DropRequestPacket d) {
            header(out, ControlType.DROPREQ.value(), 0, d.messageNumber(), d)
                    .writeInt(d.first())
                    .writeInt(d.last());
        } else if (c instanceof KeyMaterialPacket k) {
            header(
                            out,
                            ControlType.USER_DEFINED.value(),
                            k.response() ? KeyMaterialPacket.SUBTYPE_KMRSP : KeyMaterialPacket.SUBTYPE_KMREQ,
                            0,
                            k)
                    .writeBytes(k.message());
        } else if (c instanceof UnknownControlPacket u) {
            header(out, u.type(), u.subtype(), u.typeSpecific(), u).writeInt(0);
        }
        return out;
    }

    private static ByteBuf header(ByteBuf out, int type, int subtype, int typeSpecific, SrtPacket p) {
        return out.writeInt(CONTROL_FLAG | (type << 16) | (subtype & 0xFFFF))
                .writeInt(typeSpecific)
                .writeInt(p.timestamp())
                .writeInt(p.destinationSocketId());
    }

    private static void encodeHandshake(ByteBuf out, HandshakePacket h) {
        out.writeInt(h.version());
        out.writeShort(h.encryptionField());
        out.writeShort(h.extensionField());
        out.writeInt(h.initialSequenceNumber());
        out.writeInt(h.mtu());
        out.writeInt(h.flowWindow());
        out.writeInt(h.handshakeType());
        out.writeInt(h.socketId());
        out.writeInt(h.synCookie());
        out.writeBytes(h.peerIp());
        h.hs().ifPresent(hs -> {
            out.writeShort(h.hsResponse() ? HandshakeExtensionType.HSRSP : HandshakeExtensionType.HSREQ);
            out.writeShort(3);
            out.writeInt(hs.srtVersion()).writeInt(hs.flags());
            out.writeShort(hs.receiverDelayMs()).writeShort(hs.senderDelayMs());
        });
        h.keyMaterial().ifPresent(km -> {
            out.writeShort(h.kmResponse() ? HandshakeExtensionType.KMRSP : HandshakeExtensionType.KMREQ);
            out.writeShort((km.length + 3) / 4);
            out.writeBytes(km);
            out.writeZero(((km.length + 3) & ~3) - km.length);
        });
        h.streamId().ifPresent(sid -> {
            byte[] words = StreamIdCodec.encode(sid);
            out.writeShort(HandshakeExtensionType.SID)
                    .writeShort(words.length / 4)
                    .writeBytes(words);
        });
        h.congestion().ifPresent(name -> {
            byte[] words = StreamIdCodec.encode(name);
            out.writeShort(HandshakeExtensionType.CONGESTION)
                    .writeShort(words.length / 4)
                    .writeBytes(words);
        });
    }
}
