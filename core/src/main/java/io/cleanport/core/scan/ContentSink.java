package io.cleanport.core.scan;

/**
 * Receives the decoded content of one message part, chunk by chunk, as the walk reads it once for every
 * inspector. A sink belongs to one part of one scan, so it may keep state without synchronisation.
 */
public interface ContentSink {
    /** A sink for an inspector that does not need the part's content. */
    ContentSink NONE = new ContentSink() {
        @Override
        public boolean accept(byte[] chunk, int offset, int length) {
            return false;
        }

        @Override
        public void end(boolean complete) {
        }
    };

    /**
     * The next bytes of the part's decoded content. The array is reused after the call returns: copy what
     * must be kept.
     *
     * @return {@code true} to receive more, {@code false} once the sink has seen enough; the walk stops
     *     reading a part when no sink wants more, and this sink gets no further bytes of it
     */
    boolean accept(byte[] chunk, int offset, int length);

    /**
     * Called once per part, after the last {@link #accept} (also when there was none).
     *
     * @param complete {@code true} when the sink saw the whole content or declined the rest itself;
     *     {@code false} when the walk stopped early because a {@link ScanLimits limit} was reached, so the
     *     sink must not conclude anything that depends on the part's end
     */
    void end(boolean complete);
}
