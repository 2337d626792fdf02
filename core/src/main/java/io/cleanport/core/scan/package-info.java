/**
 * Scanning a message: one streaming parse, shared by every detector.
 *
 * <p>{@link io.cleanport.core.scan.MessageScanner#scan} runs a {@link io.cleanport.core.scan.MessageWalker},
 * which parses the raw message once with mime4j's token stream and, for every leaf part (body,
 * attachment, body of an attached message, at any depth), calls each
 * {@link io.cleanport.core.scan.PartInspector} with the part's metadata
 * ({@link io.cleanport.core.scan.MessagePart}: headers, declared type, file name, place). An inspector
 * judges from that alone or returns a {@link io.cleanport.core.scan.ContentSink}; the walk then reads the
 * part's decoded content once, in chunks, into all the sinks that still want it, and skips content that
 * no sink wants without decoding it. Inspectors report to the scan's
 * {@link io.cleanport.core.scan.Findings}, which become the {@link io.cleanport.core.verdict.Verdict}.
 *
 * <p>Adding a detector is adding one {@code PartInspector} (with its {@link io.cleanport.core.verdict.Rule}s
 * as constants) and its test, and listing it where the scanner is built. Everything is bounded by
 * {@link io.cleanport.core.scan.ScanLimits}; exceeding a bound or meeting broken MIME is a finding
 * ({@code MIME_LIMIT_EXCEEDED}, {@code MIME_MALFORMED}), never an exception.
 *
 * <p>{@link io.cleanport.core.scan.MessageScanner#scanWithFacts} also gathers, in the same walk, the
 * {@link io.cleanport.core.scan.MessageFacts} content rules look at: each file's real type
 * ({@link io.cleanport.core.scan.FileTypeDetector}, Tika's magic), the members of archives
 * ({@link io.cleanport.core.scan.ArchiveExplorer}, bounded by {@link io.cleanport.core.scan.ArchiveLimits};
 * {@code ARCHIVE_LIMIT_EXCEEDED}, {@code ARCHIVE_MALFORMED}), and the text a reader sees. Its
 * {@link io.cleanport.core.scan.MessageFactsInspector} keeps what one scan gathers in that scan's
 * {@link io.cleanport.core.scan.Findings}, as every inspector is shared by concurrent scans.
 */
package io.cleanport.core.scan;
