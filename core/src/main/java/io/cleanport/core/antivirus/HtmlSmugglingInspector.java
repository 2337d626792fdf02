package io.cleanport.core.antivirus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.cleanport.core.scan.ContentSink;
import io.cleanport.core.scan.FileNames;
import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.MessagePart;
import io.cleanport.core.scan.PartInspector;
import io.cleanport.core.verdict.Rule;

/**
 * HTML smuggling: an HTML (or SVG) attachment whose script assembles a file in the browser and starts its
 * download, so the payload crosses the gateway as text. Found from the script's building blocks, read as
 * the attachment streams by: a {@code Blob} or object URL built ({@code new Blob(}, {@code createObjectURL(}),
 * from decoded data ({@code atob(}, {@code fromCharCode(}, {@code Uint8Array(}, a base64 literal), then
 * downloaded ({@code .download}, {@code download=}, {@code msSaveOrOpenBlob(}, {@code .click()}); or a
 * {@code data:application/…} link with a {@code download} attribute. Ordinary HTML attachments (newsletters,
 * receipts) do not build files.
 *
 * <p>Reads at most {@value #MAX_BYTES} bytes of an attachment. Records the sections of the parts it flagged
 * in the scan's {@link Findings} ({@link #flaggedSections}), for learning.
 */
public final class HtmlSmugglingInspector implements PartInspector {
    public static final Rule RULE = Rule.of("HTML_SMUGGLING", 8,
        "an HTML attachment whose script assembles a file and starts its download (HTML smuggling)");
    public static final String FAMILY = "HtmlSmuggling";
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml", "image/svg+xml");
    private static final Set<String> HTML_EXTENSIONS = Set.of("htm", "html", "xhtml", "shtml", "svg", "mht", "mhtml");
    private static final String[] BUILDS = {"new blob(", "createobjecturl("};
    private static final String[] DECODES = {"atob(", "fromcharcode(", "uint8array(", "base64,"};
    private static final String[] TRIGGERS = {".download", "download=", "mssaveoropenblob(", "mssaveblob(", ".click()"};
    private static final String DATA_LINK = "data:application/";
    private static final String DOWNLOAD_ATTRIBUTE = "download=";
    private static final int OVERLAP = 32;

    @SuppressWarnings("unchecked")
    private final Findings.Slot<List<String>> slot = Findings.Slot.of("html smuggling sections",
        (Class<List<String>>) (Class<?>) List.class, ArrayList::new);

    @Override
    public ContentSink inspect(MessagePart part, Findings findings) {
        boolean html = HTML_TYPES.contains(part.mimeType())
            || HTML_EXTENSIONS.contains(FileNames.extension(part.filename().orElse(null)));
        if (!html || !part.isAttachment()) {
            return ContentSink.NONE; // mail programs do not run the scripts of a message body
        }
        return new Sink(part, findings);
    }

    /** The sections of the parts this inspector flagged in the scan of {@code findings}. */
    public List<String> flaggedSections(Findings findings) {
        return findings.peek(slot).map(List::copyOf).orElse(List.of());
    }

    /** Looks for the building blocks in the lower-cased text, across chunk boundaries. */
    private final class Sink implements ContentSink {
        private final MessagePart part;
        private final Findings findings;
        private final StringBuilder window = new StringBuilder();
        private long seen;
        private boolean builds;
        private boolean decodes;
        private boolean triggers;
        private boolean dataLink;
        private boolean downloadAttribute;

        Sink(MessagePart part, Findings findings) {
            this.part = part;
            this.findings = findings;
        }

        @Override
        public boolean accept(byte[] chunk, int offset, int length) {
            int take = (int) Math.min(length, MAX_BYTES - seen);
            seen += take;
            for (int i = offset; i < offset + take; i++) {
                char c = (char) (chunk[i] & 0xff);
                window.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            String text = window.toString();
            builds |= containsAny(text, BUILDS);
            decodes |= containsAny(text, DECODES);
            triggers |= containsAny(text, TRIGGERS);
            dataLink |= text.contains(DATA_LINK);
            downloadAttribute |= text.contains(DOWNLOAD_ATTRIBUTE);
            window.delete(0, Math.max(0, window.length() - OVERLAP)); // keep a tail for tokens split by chunks
            return seen < MAX_BYTES && !smuggles();
        }

        @Override
        public void end(boolean complete) {
            if (smuggles()) {
                findings.hit(RULE.hit(part.describe() + ": "
                    + (builds ? "a script builds a file from decoded data and starts its download"
                              : "a data: link to an application file with a download attribute")));
                findings.slot(slot).add(part.section());
            }
        }

        private boolean smuggles() {
            return (builds && decodes && triggers) || (dataLink && downloadAttribute);
        }

        private static boolean containsAny(String text, String[] needles) {
            for (String needle : needles) {
                if (text.contains(needle)) {
                    return true;
                }
            }
            return false;
        }
    }
}
