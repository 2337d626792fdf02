package io.cleanport.core.spam.bayes;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;

import io.cleanport.core.scan.HeaderField;
import io.cleanport.core.spam.SpamMessage;

/**
 * Cuts a {@link SpamMessage} into the distinct tokens the Bayes classifier counts. Deterministic: the
 * same message always gives the same tokens (and so the same {@link MessageKey}).
 *
 * <p>Every token says where it comes from, so a verdict's evidence reads by itself:
 * <ul>
 *   <li>words of the text (plain parts and the visible text of HTML parts) as they are, lower case, cut at
 *       Unicode word boundaries (Lucene's {@link StandardTokenizer}, no stemming): {@code viagra};
 *       words shorter than {@value #MIN_WORD_LENGTH} are dropped, longer than
 *       {@value TokenizedMessage#MAX_TOKEN_LENGTH} (encoded blobs, hashes) become {@code body:longword};</li>
 *   <li>header fields: {@code subject:free}, {@code subject:allcaps}, {@code from:domain:example.com},
 *       {@code from:name:bob}, {@code reply-to:differs}, {@code x-mailer:outlook},
 *       {@code content-type:multipart/alternative}, {@code message-id:missing}, {@code header:x-priority},
 *       {@code received:count:4}, and from the Received fields the /24 networks and the domains the message
 *       came through: {@code received:net:192.0.2}, {@code received:domain:example.net}, {@code received:unknown};</li>
 *   <li>links: {@code url:host:www.example.com}, {@code url:domain:example.com}, {@code url:tld:ru},
 *       {@code url:ip}, {@code url:path:unsubscribe}, {@code url:text-mismatch} (the visible text names
 *       another domain than the target);</li>
 *   <li>HTML as written: {@code html:hidden}, {@code html:img:remote}, {@code html:comment},
 *       {@code html:only}; not the names of its tags and attributes, which would say "HTML" a hundred times
 *       over and outvote the words of every legitimate HTML newsletter;</li>
 *   <li>parts and shape: {@code part:type:image/gif}, {@code part:ext:exe}, {@code body:len:1024},
 *       {@code body:script:cyrillic}, {@code body:shouting}.</li>
 * </ul>
 * A number in a {@code count} or {@code len} token is a power of two, the bucket's lower bound:
 * {@code body:len:1024} is 1024 to 2047 characters, {@code received:count:4} is 4 to 7 fields.
 *
 * <p>Bounded: header, link and HTML tokens come first, then the words, until
 * {@value TokenizedMessage#MAX_TOKENS} distinct tokens; longer tokens are cut to
 * {@value TokenizedMessage#MAX_TOKEN_LENGTH} characters; at most {@value #MAX_LINKS} links,
 * {@value #MAX_PARTS} parts, {@value #MAX_SCANNED_CHARS} characters of HTML and of text are read.
 * Thread-safe.
 */
public final class SpamTokenizer {
    public static final int MIN_WORD_LENGTH = 3;
    public static final int MAX_LINKS = 200;
    public static final int MAX_PARTS = 100;
    /** About a hundred pages: the words of a message are in its first ones. */
    public static final int MAX_SCANNED_CHARS = 300_000;
    private static final int MAX_HEADER_NAMES = 60;
    private static final int MAX_HEADER_VALUE_CHARS = 2000;
    private static final int MAX_RECEIVED_FIELDS = 10;
    /** An IPv4 address; group 1 is its /24 network. */
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])((?:[0-9]{1,3}\\.){2}[0-9]{1,3})\\.[0-9]{1,3}(?![0-9.])");
    /** A host name of two labels or more ending in a letter-only top-level label. */
    private static final Pattern HOST_NAME = Pattern.compile("(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24}(?![a-z0-9-])");
    private static final int MAX_WORDS_PER_HEADER = 30;
    private static final int MAX_PATH_WORDS_PER_LINK = 8;
    private static final int MAX_TAG_CHARS = 4000;
    private static final int MAX_HREF_CHARS = 2000;
    /** Below this many letters the shape of a text (case, script) says nothing. */
    private static final int MIN_LETTERS_FOR_SHAPE = 40;

    /** Thread-safe: Lucene keeps one token stream per thread and field. */
    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }
    };

    /** The message's tokens, at most {@value TokenizedMessage#MAX_TOKENS}. */
    public TokenizedMessage tokenize(SpamMessage message) {
        Tokens tokens = new Tokens();
        Optional<String> fromDomain = message.header("From").flatMap(SpamTokenizer::domainOf);
        subject(message, tokens);
        addresses(message, fromDomain, tokens);
        otherHeaders(message, tokens);
        parts(message, tokens);
        links(message.links(), tokens);
        html(message.html(), tokens);
        textShape(message.text(), tokens);
        words("text", bounded(message.text()), word -> {
            if (word.length() > TokenizedMessage.MAX_TOKEN_LENGTH) {
                tokens.add("body:longword");
            } else if (word.length() >= MIN_WORD_LENGTH) {
                tokens.add(word);
            }
        }, tokens);
        return TokenizedMessage.of(tokens.all);
    }

    private void subject(SpamMessage message, Tokens tokens) {
        Optional<String> subject = message.header("Subject").map(SpamTokenizer::decoded);
        if (subject.isEmpty() || subject.get().isBlank()) {
            tokens.add("subject:missing");
        }
        subject.ifPresent(text -> {
            encodedCharset(message.header("Subject").orElseThrow()).ifPresent(cs -> tokens.add("subject:encoded:" + cs));
            headerWords("subject", text, tokens);
            long letters = text.chars().filter(Character::isLetter).count();
            if (letters >= 4 && text.chars().noneMatch(Character::isLowerCase)) {
                tokens.add("subject:allcaps");
            }
            if (text.indexOf('!') >= 0) {
                tokens.add("subject:bang");
            }
            if (text.indexOf('$') >= 0) {
                tokens.add("subject:dollar");
            }
        });
    }

    private void addresses(SpamMessage message, Optional<String> fromDomain, Tokens tokens) {
        message.header("From").ifPresentOrElse(from -> {
            fromDomain.ifPresent(domain -> domainTokens("from", domain, tokens));
            displayName(from).ifPresentOrElse(name -> headerWords("from:name", name, tokens), () -> tokens.add("from:noname"));
        }, () -> tokens.add("from:missing"));
        message.header("Reply-To").flatMap(SpamTokenizer::domainOf).ifPresent(domain -> {
            tokens.add("reply-to:domain:" + domain);
            if (fromDomain.isPresent() && !fromDomain.get().equals(domain)) {
                tokens.add("reply-to:differs");
            }
        });
        message.envelopeSender().flatMap(SpamTokenizer::domainOf).ifPresent(domain -> {
            tokens.add("envelope:domain:" + domain);
            if (fromDomain.isPresent() && !fromDomain.get().equals(domain)) {
                tokens.add("envelope:differs");
            }
        });

        if (message.header("To").isEmpty()) {
            tokens.add("to:missing");
        }
        tokens.add("to:count:" + bucket(message.headers("To").stream().mapToLong(SpamTokenizer::addressCount).sum()));
        long cc = message.headers("Cc").stream().mapToLong(SpamTokenizer::addressCount).sum();
        if (cc > 0) {
            tokens.add("cc:count:" + bucket(cc));
        }
    }

    private void otherHeaders(SpamMessage message, Tokens tokens) {
        message.header("Message-ID").ifPresentOrElse(
            id -> tokens.add(domainOf(id).map(domain -> "message-id:domain:" + domain).orElse("message-id:nodomain")),
            () -> tokens.add("message-id:missing"));
        if (message.header("Date").isEmpty()) {
            tokens.add("date:missing");
        }
        message.header("X-Mailer").ifPresent(mailer -> headerWords("x-mailer", mailer, tokens));
        message.header("User-Agent").ifPresent(agent -> headerWords("user-agent", agent, tokens));
        message.header("Content-Type").ifPresent(type -> tokens.add("content-type:" + mediaType(type)));
        tokens.add("received:count:" + bucket(message.headers("Received").size()));
        received(message.headers("Received"), tokens);

        Set<String> names = new LinkedHashSet<>();
        for (HeaderField field : message.headers()) {
            String name = field.lowerCaseName();
            // Filters on the way add their own verdicts: learning those would learn another filter.
            if (name.matches("[a-z0-9-]{1,32}") && !name.startsWith("x-spam") && !name.startsWith("x-cleanport")
                && names.size() < MAX_HEADER_NAMES) {
                names.add(name);
            }
        }
        names.forEach(name -> tokens.add("header:" + name));
    }

    /**
     * The networks and domains the message came through, from its Received fields: spam comes from networks
     * mail of the recipients' correspondents never does, and the other way round.
     */
    private static void received(List<String> fields, Tokens tokens) {
        for (String field : fields.subList(0, Math.min(fields.size(), MAX_RECEIVED_FIELDS))) {
            String value = field.length() > MAX_HEADER_VALUE_CHARS ? field.substring(0, MAX_HEADER_VALUE_CHARS) : field;
            Matcher ip = IPV4.matcher(value);
            while (ip.find()) {
                tokens.add("received:net:" + ip.group(1));
            }
            Matcher host = HOST_NAME.matcher(value.toLowerCase(Locale.ROOT));
            while (host.find()) {
                String name = host.group();
                if (name.length() <= 253) {
                    tokens.add("received:domain:" + registrable(name));
                }
            }
            if (value.contains("unknown")) {
                tokens.add("received:unknown");
            }
        }
    }

    private void headerWords(String field, String value, Tokens tokens) {
        int[] count = {0};
        // Header words keep their short words: "re", "fw", "ok" say something in a subject.
        words(field, bounded(value, MAX_HEADER_VALUE_CHARS), word -> {
            if (count[0]++ < MAX_WORDS_PER_HEADER) {
                tokens.add(field + ":" + word);
            }
        }, tokens);
    }

    private static void parts(SpamMessage message, Tokens tokens) {
        boolean html = false;
        boolean plain = false;
        for (SpamMessage.Part part : message.parts().subList(0, Math.min(MAX_PARTS, message.parts().size()))) {
            tokens.add("part:type:" + part.contentType());
            html |= part.contentType().equals("text/html");
            plain |= part.contentType().equals("text/plain");
            if (!part.charset().isEmpty()) {
                tokens.add("part:charset:" + part.charset());
            }
            if (!part.transferEncoding().isEmpty()) {
                tokens.add("part:encoding:" + part.transferEncoding());
            }
            extension(part.fileName()).ifPresent(ext -> tokens.add("part:ext:" + ext));
        }
        if (html && !plain) {
            tokens.add("html:only");
        }
        tokens.add("parts:count:" + bucket(message.parts().size()));
        if (!message.structureProblems().isEmpty()) {
            tokens.add("mime:problems:" + bucket(message.structureProblems().size()));
        }
        if (message.truncated()) {
            tokens.add("message:truncated");
        }
    }

    private static void links(List<SpamMessage.Link> links, Tokens tokens) {
        if (!links.isEmpty()) {
            tokens.add("url:count:" + bucket(links.size()));
        }
        for (SpamMessage.Link link : links.subList(0, Math.min(MAX_LINKS, links.size()))) {
            String href = bounded(link.href().strip(), MAX_HREF_CHARS).toLowerCase(Locale.ROOT);
            if (href.startsWith("mailto:")) {
                tokens.add("url:mailto");
                domainOf(href).ifPresent(domain -> tokens.add("url:mailto:domain:" + domain));
                continue;
            }
            int schemeEnd = href.indexOf("://");
            if (schemeEnd <= 0 || !href.substring(0, schemeEnd).matches("[a-z][a-z0-9+.-]{0,15}")) {
                int colon = href.indexOf(':');
                if (colon > 0 && href.substring(0, colon).matches("[a-z]{1,16}")) {
                    tokens.add("url:scheme:" + href.substring(0, colon));
                }
                continue;
            }
            tokens.add("url:scheme:" + href.substring(0, schemeEnd));
            Url url = Url.parse(href.substring(schemeEnd + 3));
            url.hostTokens(tokens);
            int pathWords = 0;
            for (String word : url.rest().split("[^\\p{L}\\p{N}]+")) {
                if (word.length() >= MIN_WORD_LENGTH && pathWords++ < MAX_PATH_WORDS_PER_LINK) {
                    tokens.add("url:path:" + word);
                }
            }
            if (link.inHtml() && anchorNamesOtherDomain(link.anchorText(), url.host())) {
                tokens.add("url:text-mismatch");
            }
        }
    }

    /** Whether the visible text of a link looks like an address of a site other than the target's. */
    private static boolean anchorNamesOtherDomain(String anchorText, String targetHost) {
        String text = anchorText.strip().toLowerCase(Locale.ROOT);
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            text = text.substring(scheme + 3);
        } else if (!text.startsWith("www.")) {
            return false;
        }
        String shown = Url.parse(text).host();
        return !shown.isEmpty() && !registrable(shown).equals(registrable(targetHost));
    }

    private static void html(String html, Tokens tokens) {
        int end = Math.min(html.length(), MAX_SCANNED_CHARS);
        if (html.indexOf("<!--") >= 0) {
            tokens.add("html:comment");
        }
        int open = html.indexOf('<');
        while (open >= 0 && open < end) {
            int nameEnd = open + 1;
            while (nameEnd < end && nameEnd - open <= 16 && isAsciiLetterOrDigit(html.charAt(nameEnd))) {
                nameEnd++;
            }
            // Closing tags, comments and declarations have no name here.
            if (nameEnd == open + 1 || !Character.isLetter(html.charAt(open + 1))) {
                open = html.indexOf('<', open + 1);
                continue;
            }
            String name = html.substring(open + 1, nameEnd).toLowerCase(Locale.ROOT);
            // Looking for the '>' no farther than a tag can be long keeps hostile markup ("<a<a<a…") linear.
            int tagEnd = nameEnd;
            int limit = Math.min(end, nameEnd + MAX_TAG_CHARS);
            while (tagEnd < limit && html.charAt(tagEnd) != '>') {
                tagEnd++;
            }
            tagTraits(name, html.substring(nameEnd, tagEnd).toLowerCase(Locale.ROOT), tokens);
            open = html.indexOf('<', tagEnd);
        }
    }

    private static void tagTraits(String tag, String attributes, Tokens tokens) {
        String compact = attributes.replaceAll("\\s+", "");
        if (compact.contains("display:none") || compact.contains("visibility:hidden") || compact.contains("font-size:0")
            || compact.contains("font-size:1px") || (tag.equals("font") && compact.contains("size=\"1\""))) {
            tokens.add("html:hidden");
        }
        if (tag.equals("img") && compact.contains("src=") && compact.contains("http")) {
            tokens.add("html:img:remote");
        }
    }

    private static void textShape(String text, Tokens tokens) {
        if (text.isBlank()) {
            tokens.add("body:empty");
            return;
        }
        tokens.add("body:len:" + bucket(text.length()));
        int letters = 0;
        int upper = 0;
        Map<Character.UnicodeScript, Integer> scripts = new EnumMap<>(Character.UnicodeScript.class);
        String sample = bounded(text);
        for (int i = 0; i < sample.length(); ) {
            int c = sample.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                // ASCII, most of most mail: Latin, no script lookup
                boolean lower = c >= 'a' && c <= 'z';
                boolean capital = c >= 'A' && c <= 'Z';
                letters += lower || capital ? 1 : 0;
                upper += capital ? 1 : 0;
            } else if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
                scripts.merge(Character.UnicodeScript.of(c), 1, Integer::sum);
            }
        }
        if (letters < MIN_LETTERS_FOR_SHAPE) {
            return;
        }
        if (upper * 2 > letters) {
            tokens.add("body:shouting");
        }
        int total = letters;
        scripts.forEach((script, count) -> {
            if (script != Character.UnicodeScript.LATIN && count * 10 >= total) {
                tokens.add("body:script:" + script.name().toLowerCase(Locale.ROOT));
            }
        });
    }

    /** Feeds the analyzed words of {@code text} to {@code word} until the message has its tokens. */
    private void words(String field, String text, Consumer<String> word, Tokens tokens) {
        try (TokenStream stream = analyzer.tokenStream(field, new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (!tokens.full() && stream.incrementToken()) {
                word.accept(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static void domainTokens(String field, String domain, Tokens tokens) {
        tokens.add(field + ":domain:" + domain);
        int dot = domain.lastIndexOf('.');
        if (dot >= 0 && dot < domain.length() - 1) {
            tokens.add(field + ":tld:" + domain.substring(dot + 1));
        }
    }

    /** The domain of the (last) address in a header value or an addr-spec, lower case. */
    static Optional<String> domainOf(String value) {
        String address = value;
        int open = value.lastIndexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            address = value.substring(open + 1, close < 0 ? value.length() : close);
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String rest = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < rest.length() && isDomainChar(rest.charAt(end))) {
            end++;
        }
        String domain = rest.substring(0, end).replaceAll("^[.-]+|[.-]+$", "");
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    private static Optional<String> displayName(String from) {
        int open = from.lastIndexOf('<');
        String name;
        if (open >= 0) {
            name = from.substring(0, open);
        } else {
            int paren = from.indexOf('(');
            int closeParen = from.lastIndexOf(')');
            name = paren >= 0 && closeParen > paren ? from.substring(paren + 1, closeParen) : "";
        }
        name = decoded(name).replace("\"", "").strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private static long addressCount(String value) {
        return value.chars().filter(c -> c == '@').count();
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> encodedCharset(String raw) {
        int start = raw.indexOf("=?");
        int end = start < 0 ? -1 : raw.indexOf('?', start + 2);
        return end < 0 ? Optional.empty() : Optional.of(raw.substring(start + 2, end).toLowerCase(Locale.ROOT));
    }

    private static Optional<String> extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,10}") ? Optional.of(ext) : Optional.empty();
    }

    private static String decoded(String headerValue) {
        String value = bounded(headerValue, MAX_HEADER_VALUE_CHARS);
        return value.contains("=?") ? DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT) : value;
    }

    /** The power of two at or below {@code n} (0 for 0): a bucket that keeps the token table small. */
    static String bucket(long n) {
        return n <= 0 ? "0" : Long.toString(Long.highestOneBit(n));
    }

    private static String registrable(String host) {
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return host;
        }
    }

    private static String bounded(String text) {
        return bounded(text, MAX_SCANNED_CHARS);
    }

    private static String bounded(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A link after its scheme: the host and what follows it. */
    private record Url(String host, boolean userInfo, boolean port, String rest) {
        static Url parse(String afterScheme) {
            int end = 0;
            while (end < afterScheme.length() && "/?#".indexOf(afterScheme.charAt(end)) < 0) {
                end++;
            }
            String authority = afterScheme.substring(0, end);
            int at = authority.lastIndexOf('@');
            String hostPort = at < 0 ? authority : authority.substring(at + 1);
            int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', Math.max(0, hostPort.indexOf(']'))) : hostPort.indexOf(':');
            String host = (colon < 0 ? hostPort : hostPort.substring(0, colon)).replaceAll("^\\[|]$", "");
            return new Url(host.replaceAll("\\.+$", ""), at >= 0, colon >= 0, afterScheme.substring(end));
        }

        void hostTokens(Tokens tokens) {
            if (userInfo) {
                tokens.add("url:userinfo");
            }
            if (port) {
                tokens.add("url:port");
            }
            if (host.isEmpty()) {
                return;
            }
            if (InetAddresses.isUriInetAddress(host) || InetAddresses.isInetAddress(host) || host.matches("[0-9.]+")) {
                tokens.add("url:ip");
                return;
            }
            tokens.add("url:host:" + host);
            if (host.startsWith("xn--") || host.contains(".xn--")) {
                tokens.add("url:punycode");
            }
            String domain = registrable(host);
            if (!domain.equals(host)) {
                tokens.add("url:domain:" + domain);
            }
            int dot = host.lastIndexOf('.');
            if (dot >= 0 && dot < host.length() - 1) {
                tokens.add("url:tld:" + host.substring(dot + 1));
            }
        }
    }

    /** The distinct tokens so far, in the order found, bounded. */
    private static final class Tokens {
        final Set<String> all = new LinkedHashSet<>();

        void add(String token) {
            if (full()) {
                return;
            }
            String cut = token;
            if (cut.length() > TokenizedMessage.MAX_TOKEN_LENGTH) {
                int end = TokenizedMessage.MAX_TOKEN_LENGTH;
                // Never half a surrogate pair.
                cut = cut.substring(0, Character.isHighSurrogate(cut.charAt(end - 1)) ? end - 1 : end);
            }
            if (TokenizedMessage.isValidToken(cut)) {
                all.add(cut);
            }
        }

        boolean full() {
            return all.size() >= TokenizedMessage.MAX_TOKENS;
        }
    }
}
