package org.millrace.srt.crypto;

/** Key material that cannot be decoded, or that does not unwrap with our passphrase. */
public final class InvalidKeyMaterialException extends Exception {
    public InvalidKeyMaterialException(String message) {
        super(message, null, false, false);
    }
}
