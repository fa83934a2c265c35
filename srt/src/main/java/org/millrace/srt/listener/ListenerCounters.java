package org.millrace.srt.listener;

import java.util.concurrent.atomic.AtomicLong;

/** Listener-wide counters of what was refused or thrown away, for metrics. */
public final class ListenerCounters {
    final AtomicLong datagrams = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong unknownSocket = new AtomicLong();
    final AtomicLong wrongPeer = new AtomicLong();
    final AtomicLong badCookie = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong sourceLimited = new AtomicLong();
    final AtomicLong keyDerivations = new AtomicLong();
    final AtomicLong keyDerivationsRefused = new AtomicLong();
    final AtomicLong keyMaterialDropped = new AtomicLong();
    final AtomicLong keyMaterialRefused = new AtomicLong();

    public long datagrams() {
        return datagrams.get();
    }

    /** Datagrams that were not SRT packets at all. */
    public long malformed() {
        return malformed.get();
    }

    /** Packets for a socket id we do not have. */
    public long unknownSocket() {
        return unknownSocket.get();
    }

    /** Packets for a connection but from another address than its caller's. */
    public long wrongPeer() {
        return wrongPeer.get();
    }

    public long badCookie() {
        return badCookie.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Unexpected exceptions while handling a packet (each logged); the listener kept going. */
    public long errors() {
        return errors.get();
    }

    /** Handshakes refused by a per-source limit (connections, pending handshakes, or the pace of new ones). */
    public long sourceLimited() {
        return sourceLimited.get();
    }

    /** Passphrase key derivations (PBKDF2) run: one per encrypted handshake, and one per rare new in-band salt. */
    public long keyDerivations() {
        return keyDerivations.get();
    }

    /** Derivations refused because the derivation queue was full (the handshake was answered BACKLOG). */
    public long keyDerivationsRefused() {
        return keyDerivationsRefused.get();
    }

    /** In-band key material requests dropped unanswered (too many per second, or a new salt too soon). */
    public long keyMaterialDropped() {
        return keyMaterialDropped.get();
    }

    /** In-band key material requests answered with an error (malformed, or not for our passphrase). */
    public long keyMaterialRefused() {
        return keyMaterialRefused.get();
    }
}
