package io.cleanport.core.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.scan.ArchiveMember;
import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.scan.FileTypeDetector;
import io.cleanport.core.scan.ScannedFile;
import io.cleanport.core.verdict.Evidence;
import io.cleanport.core.verdict.RuleHit;

/**
 * Which content rules a message hits, each hit a {@link RuleHit} {@code CF_<rule id>} that says what the
 * rule is and where in the message it matched ("attachment invoice.pdf (detected
 * application/x-msdownload) inside statement.zip", "subject contains 'cheap pills'").
 *
 * <p>By rule type:
 * <dl>
 *   <dt>sender</dt><dd>the envelope sender or an address of the header From is the rule's address
 *       (ignoring case).</dd>
 *   <dt>senderDomain</dt><dd>the domain of the envelope sender or of a header From address is the rule's
 *       domain or a subdomain of it.</dd>
 *   <dt>attachment</dt><dd>a file of the message, or a member of an archive at any depth, matches.
 *       Extension: the extension of its name (the last one) is the rule's, or the rule's is one of the usual
 *       extensions of the file's detected family: the detected type decides, so an executable renamed
 *       {@code .pdf} hits {@code exe}. Family: the detected family is the rule's (a macro document is also
 *       an office document, an encrypted archive also an archive). MIME type: the detected type (the
 *       declared one when nothing was detected) is the rule's {@code type/subtype} (aliases count) or has
 *       its {@code type/*}.</dd>
 *   <dt>content</dt><dd>the phrase or expression is found in the subject or the message's text.</dd>
 *   <dt>header</dt><dd>a value of the header matches the expression.</dd>
 *   <dt>size</dt><dd>the message is larger than the rule's number of bytes.</dd>
 * </dl>
 *
 * <p>Expressions are RE2/J's, so matching time is linear in the text (bounded by the scan's text limit)
 * whatever the pattern; {@link ContentSearch} runs them only where they can match. Thread-safe.
 */
public final class ContentRuleEvaluator {
    /** The weight of every content rule hit: rules decide by their action, not by a score. */
    public static final double HIT_SCORE = 1.0;
    /** Where a rule without an id (one not stored yet) is named by its place in the list. */
    static final String UNSTORED_ID_PREFIX = "UNSTORED_";
    private static final String RULE_ID_PREFIX = "CF_";
    private static final int MAX_SHOWN_MATCH_CHARS = 100;
    private static final int MAX_SHOWN_NAME_CHARS = 120;

    private final FileTypeDetector detector;

    public ContentRuleEvaluator() {
        this(FileTypeDetector.standard());
    }

    /** @param detector knows the aliases of MIME types */
    public ContentRuleEvaluator(FileTypeDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /**
     * The hits of {@code rules} on the message, one per rule that matches, in the rules' order.
     */
    public List<RuleHit> evaluate(List<ContentRule> rules, MessageContext context) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(context, "context");
        Evaluation evaluation = new Evaluation(context);
        List<RuleHit> hits = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ContentRule rule = rules.get(i);
            Optional<String> evidence = evaluation.match(rule);
            if (evidence.isPresent()) {
                hits.add(RuleHit.of(ruleId(rule, i), HIT_SCORE, description(rule), Evidence.printable(evidence.get())));
            }
        }
        return hits;
    }

    static String ruleId(ContentRule rule, int index) {
        return RULE_ID_PREFIX + rule.id().orElse(UNSTORED_ID_PREFIX + (index + 1));
    }

    /** {@code content rule: attachment .exe (no executables)}, one printable line. */
    static String description(ContentRule rule) {
        String text = "content rule: " + rule.type().jsonValue() + " " + rule.value()
            + rule.description().map(note -> " (" + note + ")").orElse("");
        return Evidence.truncate(Evidence.printable(text), RuleHit.MAX_DESCRIPTION_CHARS);
    }

    private static String shown(String untrusted, int maxChars) {
        return Evidence.truncate(Evidence.printable(untrusted), maxChars);
    }

    /** One evaluation: what the rules compare with, worked out once, when first needed. */
    private final class Evaluation {
        private final MessageContext context;
        private List<Sender> senders;
        private List<FoundFile> files;
        private String foldedSubject;
        private String foldedText;

        Evaluation(MessageContext context) {
            this.context = context;
        }

        Optional<String> match(ContentRule rule) {
            return switch (rule.type()) {
                case SENDER -> sender(rule.value());
                case SENDER_DOMAIN -> senderDomain(rule.value());
                case ATTACHMENT -> attachment(rule);
                case CONTENT -> content(rule);
                case HEADER -> header(rule);
                case SIZE -> size(rule.sizeBytes().orElseThrow());
            };
        }

        private Optional<String> sender(String address) {
            for (Sender sender : senders()) {
                if (sender.address.equals(address)) {
                    return Optional.of(sender.role + " " + sender.display);
                }
            }
            return Optional.empty();
        }

        private Optional<String> senderDomain(String domain) {
            for (Sender sender : senders()) {
                if (sender.domain.equals(domain) || sender.domain.endsWith("." + domain)) {
                    return Optional.of(sender.role + " " + sender.display);
                }
            }
            return Optional.empty();
        }

        private Optional<String> attachment(ContentRule rule) {
            AttachmentKind kind = rule.attachmentKind().orElseThrow();
            for (FoundFile found : files()) {
                boolean hit = switch (kind) {
                    case EXTENSION -> hasExtension(found.file, rule.fileExtension().orElseThrow());
                    case FAMILY -> found.file.family().isKindOf(family(rule.attachmentFamily().orElseThrow()));
                    case MIME_PATTERN -> hasMimeType(found, rule.value());
                };
                if (hit) {
                    return Optional.of(found.describe());
                }
            }
            return Optional.empty();
        }

        private boolean hasExtension(ScannedFile file, String extension) {
            return file.extension().equals(extension)
                || (file.detectedMimeType().isPresent() && file.family().usuallyHasExtension(extension));
        }

        private boolean hasMimeType(FoundFile found, String pattern) {
            Optional<String> type = found.file.detectedMimeType();
            if (type.isEmpty() && found.file instanceof Attachment attachment) {
                type = Optional.of(attachment.declaredMimeType());
            }
            if (type.isEmpty()) {
                return false;
            }
            String base = baseType(type.get());
            if (pattern.endsWith("/*")) {
                return base.startsWith(pattern.substring(0, pattern.length() - 1));
            }
            return base.equals(pattern) || detector.canonicalMimeType(base).equals(detector.canonicalMimeType(pattern));
        }

        private Optional<String> content(ContentRule rule) {
            ContentSearch search = ContentSearch.of(rule);
            Optional<String> inSubject = search.find(context.subject(), foldedSubject());
            if (inSubject.isPresent()) {
                return Optional.of("subject contains '" + shown(inSubject.get().strip(), MAX_SHOWN_MATCH_CHARS) + "'");
            }
            return search.find(context.facts().text(), foldedText())
                .map(match -> "text contains '" + shown(match.strip(), MAX_SHOWN_MATCH_CHARS) + "'");
        }

        private Optional<String> header(ContentRule rule) {
            String name = rule.headerName().orElseThrow();
            Pattern pattern = rule.pattern().orElseThrow();
            for (String value : context.headerValues(name)) {
                Matcher matcher = pattern.matcher(value);
                if (matcher.find()) {
                    return Optional.of("header " + shown(name, MAX_SHOWN_NAME_CHARS) + " contains '"
                        + shown(matcher.group(), MAX_SHOWN_MATCH_CHARS) + "'");
                }
            }
            return Optional.empty();
        }

        private Optional<String> size(long limit) {
            return context.size() > limit
                ? Optional.of("message size " + context.size() + " bytes exceeds " + limit)
                : Optional.empty();
        }

        private List<Sender> senders() {
            if (senders == null) {
                senders = new ArrayList<>();
                context.envelopeSender().flatMap(address -> Sender.of("envelope sender", address)).ifPresent(senders::add);
                for (String from : context.fromAddresses()) {
                    Sender.of("From", from).ifPresent(senders::add);
                }
            }
            return senders;
        }

        private List<FoundFile> files() {
            if (files == null) {
                files = new ArrayList<>();
                for (Attachment attachment : context.facts().attachments()) {
                    add(attachment, "");
                }
            }
            return files;
        }

        /** The file, then its members, each with the archives that hold it. */
        private void add(ScannedFile file, String inside) {
            FoundFile found = new FoundFile(file, inside);
            files.add(found);
            if (!file.members().isEmpty()) {
                String holder = " inside " + found.name() + inside;
                for (ArchiveMember member : file.members()) {
                    add(member, holder);
                }
            }
        }

        private String foldedSubject() {
            if (foldedSubject == null) {
                foldedSubject = ContentSearch.fold(context.subject());
            }
            return foldedSubject;
        }

        private String foldedText() {
            if (foldedText == null) {
                foldedText = ContentSearch.fold(context.facts().text());
            }
            return foldedText;
        }
    }

    /** A file with the archives that hold it, for evidence. */
    private record FoundFile(ScannedFile file, String inside) {
        String name() {
            if (file instanceof Attachment attachment) {
                return attachment.fileName().map(name -> shown(name, MAX_SHOWN_NAME_CHARS))
                    .orElse("in part " + attachment.section());
            }
            return shown(file.fileName().orElse(""), MAX_SHOWN_NAME_CHARS);
        }

        String describe() {
            String detected = file.detectedMimeType().map(type -> " (detected " + type + ")").orElse(" (not readable)");
            return "attachment " + name() + detected + inside;
        }
    }

    /** A sender address, normalised as rules are: lower case, the domain in ASCII. */
    private record Sender(String role, String display, String address, String domain) {
        static Optional<Sender> of(String role, String raw) {
            String address = raw.strip();
            if (address.startsWith("<") && address.endsWith(">")) {
                address = address.substring(1, address.length() - 1);
            }
            int at = address.lastIndexOf('@');
            if (at <= 0 || at == address.length() - 1) {
                return Optional.empty();
            }
            String local = address.substring(0, at).toLowerCase(Locale.ROOT);
            String rawDomain = address.substring(at + 1);
            String domain = DomainName.parse(rawDomain).map(DomainName::name).orElse(rawDomain.toLowerCase(Locale.ROOT));
            return Optional.of(new Sender(role, ContentRuleEvaluator.shown(address, MAX_SHOWN_NAME_CHARS), local + "@" + domain, domain));
        }
    }

    private static FileFamily family(AttachmentFamily family) {
        return switch (family) {
            case EXECUTABLE -> FileFamily.EXECUTABLE;
            case ARCHIVE -> FileFamily.ARCHIVE;
            case MACRO_DOCUMENT -> FileFamily.MACRO_DOCUMENT;
            case OFFICE -> FileFamily.OFFICE;
            case PDF -> FileFamily.PDF;
            case IMAGE -> FileFamily.IMAGE;
            case SCRIPT -> FileFamily.SCRIPT;
            case ENCRYPTED_ARCHIVE -> FileFamily.ENCRYPTED_ARCHIVE;
        };
    }

    private static String baseType(String mimeType) {
        int semicolon = mimeType.indexOf(';');
        return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
