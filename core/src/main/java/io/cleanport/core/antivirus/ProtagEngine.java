package io.cleanport.core.antivirus;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.scan.ArchiveExplorer;
import io.cleanport.core.scan.ArchiveLimits;
import io.cleanport.core.scan.EicarInspector;
import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.scan.FileTypeDetector;
import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.scan.MessageFactsInspector;
import io.cleanport.core.scan.MessageScanner;
import io.cleanport.core.scan.MessageWalker;
import io.cleanport.core.scan.ScanLimits;
import io.cleanport.core.scan.ScanResult;
import io.cleanport.core.scan.ScannedFile;
import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamFactsInspector;
import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * ProTAG, the antivirus: one walk over the message (every part, every transfer encoding, archives and
 * attached messages, each file's type from its bytes, each file's fingerprint), then, in this order:
 * <ol>
 *   <li>the learned signatures, from memory: a file whose SHA-256 (or similarity digest) was learned from
 *       an earlier virus is that virus again ({@link #LEARNED_SIGNATURE});</li>
 *   <li>the EICAR test file, in the message or in any archive;</li>
 *   <li>bombs: a message past the walk's limits ({@link #MIME_BOMB}) or an archive past its limits
 *       ({@link #ARCHIVE_BOMB}) is itself a virus: what was not examined is not let through;</li>
 *   <li>the heuristics ({@link ProtagRules}): their weighted hits add up to a virus named after the
 *       strongest ({@code ProTAG.DoubleExtension}), with the evidence;</li>
 *   <li>clamd, when configured, for a message still clean.</li>
 * </ol>
 * Every virus verdict (except EICAR, a test file with its own rule) is learned at once: the fingerprints of
 * the files that made it, and of the archives that carried them, go to the {@link SignatureIndex}, so the
 * next copy is caught by hash, on every node.
 *
 * <p>Fails closed: a scan that runs out of time or a clamd that fails raises
 * {@link ScanIncompleteException}; the caller holds the mail. Thread-safe.
 */
public final class ProtagEngine {
    public static final Rule LEARNED_SIGNATURE = Rule.of("LEARNED_SIGNATURE", 100,
        "a file learned from an earlier virus (same SHA-256, or a similar copy)");
    public static final Rule ARCHIVE_BOMB = Rule.of("ARCHIVE_BOMB", 100,
        "an archive past the scan limits (size, ratio, members or nesting): what it hides was not examined");
    public static final Rule MIME_BOMB = Rule.of("MIME_BOMB", 100,
        "a message past the scan limits (parts, depth, header size): what it hides was not examined");
    public static final Rule CLAMD = Rule.of("CLAMD_VIRUS", 100, "clamd (ClamAV) found a virus");
    /** The name of a virus an administrator reports without naming it. */
    public static final String REPORTED_NAME = "ProTAG.Reported";

    private final MessageScanner scanner;
    private final HtmlSmugglingInspector htmlSmuggling;
    private final SpamFactsInspector spamFacts;
    private final ProtagRules rules;
    private final SignatureIndex signatures;
    private final Optional<ClamdScanner> clamd;

    /**
     * @param clamd the second layer, when configured
     */
    public ProtagEngine(ScanLimits limits, ArchiveLimits archiveLimits, ProtagRules rules, SignatureIndex signatures,
                        Optional<ClamdScanner> clamd) {
        this.htmlSmuggling = new HtmlSmugglingInspector();
        this.spamFacts = new SpamFactsInspector();
        this.scanner = new MessageScanner(limits, List.of(new EicarInspector(), htmlSmuggling,
            new MessageFactsInspector(FileTypeDetector.standard(), archiveLimits, MessageFactsInspector.DEFAULT_MAX_TEXT_CHARS),
            spamFacts));
        this.rules = Objects.requireNonNull(rules, "rules");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.clamd = Objects.requireNonNull(clamd, "clamd");
    }

    /**
     * Scans a message, learns it when it carries a virus.
     *
     * @throws IOException              when the message cannot be read
     * @throws ScanIncompleteException  when the scan ran out of time or clamd failed: hold the mail
     */
    public ProtagResult scan(MessageSource message) throws IOException, ScanIncompleteException {
        Examined examined = examine(message);
        List<VirusSignature> learned = List.of();
        if (examined.verdict.category() == Category.VIRUS && !examined.learnable.isEmpty()) {
            learned = learn(examined.learnable, examined.verdict.name().orElseThrow(), examined.source);
        }
        return new ProtagResult(examined.verdict, examined.facts, examined.spam, learned);
    }

    /**
     * An administrator's report that a message carries a virus: learns the files the scan finds guilty, or,
     * when nothing in it looks guilty, every file it carries except images (an image in a virus mail is
     * usually a logo of the brand it imitates).
     *
     * @param name the virus name to learn the files under; the scan's name, or {@value #REPORTED_NAME}, when empty
     * @return the scan as it was before learning, and the signatures now stored (existing ones included)
     * @throws IllegalArgumentException when {@code name} is not a valid virus name
     */
    public ProtagResult report(MessageSource message, Optional<String> name) throws IOException, ScanIncompleteException {
        name.ifPresent(Verdict::checkName); // before anything is learned
        Examined examined = examine(message);
        List<CarriedFile> files = examined.learnable;
        if (files.isEmpty()) {
            files = everyFile(examined.facts, false);
            if (files.isEmpty()) {
                files = everyFile(examined.facts, true);
            }
        }
        String virusName = name.orElseGet(() -> examined.verdict.name().orElse(REPORTED_NAME));
        List<VirusSignature> learned = learn(files, virusName, SignatureSource.ADMIN);
        return new ProtagResult(examined.verdict, examined.facts, examined.spam, learned);
    }

    private Examined examine(MessageSource message) throws IOException, ScanIncompleteException {
        Findings findings = new Findings();
        ScanResult walked;
        try (InputStream in = message.open()) {
            // the spam filter's facts come from this same walk: the message is read once for every filter
            walked = scanner.scanWithFacts(spamFacts.startCollecting(findings, in), findings);
        }
        if (findings.hasHit(MessageWalker.TIME_EXCEEDED.id())) {
            throw new ScanIncompleteException(walked.verdict().hit(MessageWalker.TIME_EXCEEDED.id()).orElseThrow().evidence());
        }
        MessageFacts facts = walked.facts();
        List<CarriedFile> files = CarriedFile.all(facts);
        Map<CarriedFile, Boolean> learnable = new LinkedHashMap<>();

        for (CarriedFile file : files) {
            Optional<Fingerprint> fingerprint = file.file().fingerprint();
            if (fingerprint.isEmpty()) {
                continue;
            }
            Optional<SignatureMatch> match = signatures.match(fingerprint.get());
            if (match.isPresent()) {
                findings.virus(match.get().signature().virusName(), LEARNED_SIGNATURE.hit(describe(file, match.get())));
                learnable.put(file, true); // its carriers may be new
            } else if (fingerprint.get().eicar() && file.insideArchive()) {
                findings.virus(EicarInspector.VIRUS_NAME, EicarInspector.RULE.hit(file.describe()));
            }
        }
        bomb(findings, walked.verdict(), MessageWalker.LIMIT_EXCEEDED, MIME_BOMB, "ProTAG.MimeBomb");
        bomb(findings, walked.verdict(), ArchiveExplorer.LIMIT_EXCEEDED, ARCHIVE_BOMB, "ProTAG.ArchiveBomb");

        ProtagRules.Judgement judgement = rules.judge(facts, files, smuggling(findings, files));
        Optional<String> protagName = judgement.virusName();
        if (protagName.isPresent()) {
            // the first virus named decides the verdict's name: a learned signature or EICAR before the heuristics
            findings.virus(protagName.get(), strongest(judgement));
            for (ProtagRules.Flag flag : judgement.flags()) {
                findings.hit(flag.hit());
                flag.file().ifPresent(file -> learnable.putIfAbsent(file, true));
            }
        } else {
            judgement.flags().forEach(flag -> findings.hit(flag.hit()));
        }

        SignatureSource source = SignatureSource.RULE;
        if (!findings.hasVirus() && clamd.isPresent()) {
            ClamdResult result;
            try (InputStream in = message.open()) {
                result = clamd.get().scan(in);
            } catch (ClamdException e) {
                throw new ScanIncompleteException("clamd failed: " + e.getMessage(), e);
            }
            if (result.infected()) {
                String clamdName = result.virusName().orElse("ClamAV.Unnamed");
                findings.virus(clamdName, CLAMD.hit("clamd: " + clamdName));
                everyFile(facts, false).forEach(file -> learnable.putIfAbsent(file, true));
                source = SignatureSource.CLAMD;
            }
        }
        Verdict verdict = findings.verdict();
        if (verdict.name().filter(EicarInspector.VIRUS_NAME::equals).isPresent()) {
            learnable.clear(); // the test file has its own rule; nothing to learn
        }
        return new Examined(verdict, facts, spamFacts.collected(findings, SmtpEnvelope.unknown()),
            List.copyOf(learnable.keySet()), source);
    }

    private static void bomb(Findings findings, Verdict walked, Rule limit, Rule bomb, String name) {
        walked.hit(limit.id()).ifPresent(hit -> findings.virus(name, bomb.hit(hit.evidence())));
    }

    private static RuleHit strongest(ProtagRules.Judgement judgement) {
        RuleHit strongest = judgement.flags().get(0).hit();
        for (ProtagRules.Flag flag : judgement.flags()) {
            if (flag.hit().score() > strongest.score()) {
                strongest = flag.hit();
            }
        }
        return strongest;
    }

    /** The HTML smuggling hits of the walk, each with the attachment it concerns. */
    private List<ProtagRules.Flag> smuggling(Findings findings, List<CarriedFile> files) {
        List<ProtagRules.Flag> flags = new ArrayList<>();
        Optional<RuleHit> hit = findings.verdict().hit(HtmlSmugglingInspector.RULE.id());
        if (hit.isEmpty()) {
            return flags;
        }
        for (String section : htmlSmuggling.flaggedSections(findings)) {
            Optional<CarriedFile> file = files.stream()
                .filter(f -> !f.insideArchive() && f.attachment().section().equals(section)).findFirst();
            flags.add(new ProtagRules.Flag(hit.get(), HtmlSmugglingInspector.FAMILY, file));
        }
        return flags;
    }

    private static String describe(CarriedFile file, SignatureMatch match) {
        VirusSignature signature = match.signature();
        String how = match.exact() ? "has the SHA-256 of" : "is " + Math.round(match.similarity() * 100) + " % similar to";
        return file.describe() + " " + how + " " + signature.virusName() + " (signature " + signature.id() + ", learned "
            + signature.firstSeen() + " from " + signature.source().jsonValue() + ")";
    }

    /** Every file of the message, images only when {@code images}; the whole tree of archives included. */
    private static List<CarriedFile> everyFile(MessageFacts facts, boolean images) {
        return CarriedFile.all(facts).stream()
            .filter(file -> file.file().fingerprint().isPresent())
            .filter(file -> images == (file.file().family() == FileFamily.IMAGE))
            .toList();
    }

    /** Stores the fingerprints of the files and of the archives that carry them; each content once. */
    private List<VirusSignature> learn(List<CarriedFile> files, String virusName, SignatureSource source) {
        Map<String, VirusSignature> learned = new LinkedHashMap<>();
        for (CarriedFile file : files) {
            List<ScannedFile> chain = new ArrayList<>(file.carriers());
            chain.add(file.file());
            for (int i = 0; i < chain.size(); i++) {
                Optional<Fingerprint> fingerprint = chain.get(i).fingerprint();
                if (fingerprint.isEmpty() || learned.containsKey(fingerprint.get().sha256())) {
                    continue;
                }
                CarriedFile carried = new CarriedFile(chain.get(i), chain.subList(0, i));
                learned.put(fingerprint.get().sha256(),
                    signatures.learn(NewSignature.of(fingerprint.get(), virusName, source, carried.describe())));
            }
        }
        return List.copyOf(learned.values());
    }

    private record Examined(Verdict verdict, MessageFacts facts, SpamMessage spam, List<CarriedFile> learnable,
                            SignatureSource source) {
    }
}
