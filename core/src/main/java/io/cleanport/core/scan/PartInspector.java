package io.cleanport.core.scan;

/**
 * A detector that looks at message parts: one small class per concern (the EICAR test file, a double
 * extension, a dangerous file type, a content rule), all fed by one parse of the message.
 *
 * <p>The {@link MessageWalker} calls {@link #inspect} for every leaf part (a body, an attachment, the
 * body of an attached message), in message order, with the part's metadata; the inspector reports
 * findings from the metadata alone, or returns a {@link ContentSink} to receive the part's decoded
 * content. Inspectors are shared by concurrent scans and must be thread-safe; per-part state belongs in
 * the sink.
 */
public interface PartInspector {
    /**
     * @param part     the part's headers, type, file name and place in the message
     * @param findings where to report what is found, now or from the sink
     * @return a sink for the part's decoded content, or {@link ContentSink#NONE} when the content is not
     *     needed (content nobody needs is skipped without decoding)
     */
    ContentSink inspect(MessagePart part, Findings findings);
}
