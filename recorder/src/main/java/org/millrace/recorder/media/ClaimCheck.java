package org.millrace.recorder.media;

/**
 * Asked by a build before each write to storage: whether this recorder still holds the recording's claim. Another
 * recorder may have taken the recording over (this one stalled past its lease), and its output must not be
 * overwritten.
 */
@FunctionalInterface
public interface ClaimCheck {
    /** For builds outside the recorder's workflow (tools, benchmarks): nobody else can take them. */
    ClaimCheck NONE = () -> {};

    /** @throws ClaimLostException when the claim is no longer this recorder's */
    void stillOurs();
}
