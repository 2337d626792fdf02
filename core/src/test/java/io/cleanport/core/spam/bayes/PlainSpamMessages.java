package io.cleanport.core.spam.bayes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cleanport.core.scan.HeaderField;
import io.cleanport.core.spam.SpamMessage;

/**
 * A STAND-IN for the gateway's message parser, for tests and for trying the trainer: it makes a
 * {@link SpamMessage} from raw bytes crudely. The header ends at the first blank line (continuation lines
 * unfolded); the body, not decoded (no MIME, no transfer encoding), is the text, and also the HTML when the
 * top-level Content-Type says HTML; links are the http(s) URLs of the body; one part. Not for production.
 */
final class PlainSpamMessages {
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]{1,500}", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LINKS = 500;

    private PlainSpamMessages() {
    }

    static SpamMessage parse(String raw) {
        return parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    static SpamMessage parse(byte[] raw) {
        // ISO-8859-1 maps every byte to a character: crude, but never fails.
        String message = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int blank = message.indexOf("\n\n");
        String header = blank < 0 ? message : message.substring(0, blank);
        String body = blank < 0 ? "" : message.substring(blank + 2);

        List<HeaderField> fields = new ArrayList<>();
        for (String line : header.split("\n")) {
            int colon = line.indexOf(':');
            if (!fields.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                HeaderField last = fields.remove(fields.size() - 1);
                fields.add(new HeaderField(last.name(), last.value() + " " + line.strip()));
            } else if (colon > 0) {
                fields.add(new HeaderField(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
        }
        String contentType = fields.stream().filter(field -> field.is("Content-Type")).map(HeaderField::value)
            .findFirst().map(value -> value.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("text/plain");
        List<SpamMessage.Link> links = new ArrayList<>();
        Matcher url = URL.matcher(body);
        while (url.find() && links.size() < MAX_LINKS) {
            links.add(new SpamMessage.Link(url.group(), "", false));
        }
        return new SpamMessage(fields, Optional.empty(), Optional.empty(), Optional.empty(), body,
            contentType.contains("html") ? body : "", links,
            List.of(new SpamMessage.Part(contentType, "", "", "", body.length())), List.of(), false);
    }
}
