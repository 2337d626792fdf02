package io.cleanport.core.scan;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reduces HTML to the text a reader sees, as the characters stream by: tags are dropped (block tags
 * become line breaks), the content of {@code script} and {@code style} elements and comments is dropped,
 * runs of whitespace become one space, and character references are decoded: {@code &amp;},
 * {@code &lt;}, {@code &gt;}, {@code &quot;}, {@code &apos;}, {@code &nbsp;}, a few common named ones,
 * and numeric ones ({@code &#NN;}, {@code &#xNN;}).
 *
 * <p>Not an HTML parser: a small state machine that keeps at most a tag name and an entity name (a few
 * dozen characters), so hostile markup (an unclosed comment, a tag of megabytes) costs time linear in its
 * length and no memory. One instance per part.
 */
final class HtmlText {
    private static final int MAX_TAG_NAME_CHARS = 16;
    private static final int MAX_ENTITY_CHARS = 32;
    private static final Set<String> BLOCK_TAGS = Set.of("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "table", "ul", "ol", "blockquote", "title", "pre", "section", "article", "header", "footer", "dd",
        "dt");
    private static final Set<String> CELL_TAGS = Set.of("td", "th");
    private static final Set<String> RAW_TEXT_TAGS = Set.of("script", "style");
    private static final Map<String, String> NAMED = Map.ofEntries(
        Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
        Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("shy", ""), Map.entry("copy", "\u00A9"),
        Map.entry("reg", "\u00AE"), Map.entry("trade", "\u2122"), Map.entry("euro", "\u20AC"),
        Map.entry("pound", "\u00A3"), Map.entry("yen", "\u00A5"), Map.entry("cent", "\u00A2"),
        Map.entry("hellip", "\u2026"), Map.entry("mdash", "\u2014"), Map.entry("ndash", "\u2013"),
        Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201C"),
        Map.entry("rdquo", "\u201D"), Map.entry("laquo", "\u00AB"), Map.entry("raquo", "\u00BB"),
        Map.entry("zwsp", ""), Map.entry("zwnj", ""), Map.entry("zwj", ""));

    /** The named references HTML also accepts in upper case. */
    private static final Set<String> LEGACY_UPPER_CASE = Set.of("AMP", "LT", "GT", "QUOT");

    private enum State { TEXT, TAG_OPEN, TAG_NAME, TAG_ATTRIBUTES, DOUBLE_QUOTED, SINGLE_QUOTED, BANG, COMMENT,
        DECLARATION, ENTITY, RAW_TEXT }

    private final MessageText out;
    private State state = State.TEXT;
    private final StringBuilder tagName = new StringBuilder();
    private final StringBuilder entity = new StringBuilder();
    private boolean closing;
    private boolean selfClosing;
    private char previousInTag;
    private int dashes;
    private int commentChars;
    private String rawTextEnd;
    private int rawTextMatched;

    HtmlText(MessageText out) {
        this.out = out;
    }

    void write(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            write(chars.charAt(i));
        }
    }

    /** The end of the part: an entity cut short is shown as written. */
    void end() {
        if (state == State.ENTITY) {
            endEntity(false);
        }
        state = State.TEXT;
    }

    private void write(char c) {
        switch (state) {
            case TEXT -> text(c);
            case TAG_OPEN -> tagOpen(c);
            case TAG_NAME -> tagName(c);
            case TAG_ATTRIBUTES -> tagAttributes(c);
            case DOUBLE_QUOTED -> {
                if (c == '"') {
                    state = State.TAG_ATTRIBUTES;
                }
            }
            case SINGLE_QUOTED -> {
                if (c == '\'') {
                    state = State.TAG_ATTRIBUTES;
                }
            }
            case BANG -> bang(c);
            case COMMENT -> comment(c);
            case DECLARATION -> {
                if (c == '>') {
                    state = State.TEXT;
                }
            }
            case ENTITY -> entity(c);
            case RAW_TEXT -> rawText(c);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void text(char c) {
        if (c == '<') {
            state = State.TAG_OPEN;
        } else if (c == '&') {
            entity.setLength(0);
            state = State.ENTITY;
        } else {
            emit(c);
        }
    }

    private void tagOpen(char c) {
        tagName.setLength(0);
        selfClosing = false;
        previousInTag = 0;
        if (c == '!') {
            dashes = 0;
            state = State.BANG;
        } else if (c == '?') {
            state = State.DECLARATION;
        } else if (c == '/') {
            closing = true;
            state = State.TAG_NAME;
        } else if (isAsciiLetter(c)) {
            closing = false;
            tagName.append(Character.toLowerCase(c));
            state = State.TAG_NAME;
        } else {
            // "a < b": not a tag
            state = State.TEXT;
            emit('<');
            text(c);
        }
    }

    private void tagName(char c) {
        if (c == '>') {
            endTag();
        } else if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == ':') {
            if (tagName.length() < MAX_TAG_NAME_CHARS) {
                tagName.append(Character.toLowerCase(c));
            }
        } else {
            state = State.TAG_ATTRIBUTES;
            tagAttributes(c);
        }
    }

    private void tagAttributes(char c) {
        if (c == '>') {
            selfClosing = previousInTag == '/';
            endTag();
            return;
        }
        if (c == '"' && previousInTag == '=') {
            state = State.DOUBLE_QUOTED;
        } else if (c == '\'' && previousInTag == '=') {
            state = State.SINGLE_QUOTED;
        }
        if (!Character.isWhitespace(c)) {
            previousInTag = c;
        }
    }

    private void endTag() {
        String name = tagName.toString().toLowerCase(Locale.ROOT);
        state = State.TEXT;
        if (!closing && !selfClosing && RAW_TEXT_TAGS.contains(name)) {
            rawTextEnd = "</" + name;
            rawTextMatched = 0;
            state = State.RAW_TEXT;
        } else if (BLOCK_TAGS.contains(name)) {
            lineBreak();
        } else if (!closing && CELL_TAGS.contains(name)) {
            emit(' ');
        }
    }

    private void bang(char c) {
        if (c == '-') {
            dashes++;
            if (dashes == 2) {
                dashes = 0;
                commentChars = 0;
                state = State.COMMENT;
            }
        } else {
            state = c == '>' ? State.TEXT : State.DECLARATION;
        }
    }

    private void comment(char c) {
        // "-->" ends a comment, and so do "--!>" and, right after "<!--", ">" and "->" (as browsers read them:
        // text after them is shown, so it must not be hidden from the rules)
        if (c == '>' && (dashes >= 2 || commentChars == dashes)) {
            state = State.TEXT;
            return;
        }
        commentChars++;
        if (c == '-') {
            dashes++;
        } else if (!(c == '!' && dashes >= 2)) {
            dashes = 0;
        }
    }

    private void rawText(char c) {
        char expected = rawTextEnd.charAt(rawTextMatched);
        if (Character.toLowerCase(c) == expected) {
            rawTextMatched++;
            if (rawTextMatched == rawTextEnd.length()) {
                // the end tag: its name is read, its attributes and '>' follow
                closing = true;
                tagName.setLength(0);
                tagName.append(rawTextEnd, 2, rawTextEnd.length());
                previousInTag = 0;
                state = State.TAG_ATTRIBUTES;
            }
        } else {
            rawTextMatched = c == '<' ? 1 : 0;
        }
    }

    private void entity(char c) {
        if (c == ';') {
            endEntity(true);
            state = State.TEXT;
        } else if (continuesEntity(c) && entity.length() < MAX_ENTITY_CHARS) {
            entity.append(c);
        } else {
            // browsers also read "&amp" and "&#38" without the semicolon
            endEntity(false);
            state = State.TEXT;
            text(c);
        }
    }

    /** Whether {@code c} continues the reference: a name's letters and digits, a number's digits. */
    private boolean continuesEntity(char c) {
        boolean digit = c >= '0' && c <= '9';
        if (entity.length() == 0) {
            return c == '#' || isAsciiLetter(c) || digit;
        }
        if (entity.charAt(0) != '#') {
            return isAsciiLetter(c) || digit;
        }
        if (entity.length() == 1) {
            return c == 'x' || c == 'X' || digit;
        }
        boolean hex = entity.charAt(1) == 'x' || entity.charAt(1) == 'X';
        // "&#99heap" is "cheap" to a browser: the number ends at the first character that is not a digit
        return digit || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }

    private void endEntity(boolean semicolon) {
        String decoded = decode(entity.toString());
        if (decoded != null) {
            emit(decoded);
        } else {
            emit('&');
            emit(entity);
            if (semicolon) {
                emit(';');
            }
        }
    }

    /** The text of a character reference, or null when it is none. */
    private static String decode(String reference) {
        if (reference.startsWith("#")) {
            boolean hex = reference.length() > 1 && (reference.charAt(1) == 'x' || reference.charAt(1) == 'X');
            String digits = reference.substring(hex ? 2 : 1);
            if (digits.isEmpty() || digits.length() > 8) {
                return null;
            }
            int codePoint;
            try {
                codePoint = Integer.parseInt(digits, hex ? 16 : 10);
            } catch (NumberFormatException e) {
                return null;
            }
            if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                return "\uFFFD";
            }
            return new String(Character.toChars(codePoint));
        }
        String named = NAMED.get(reference);
        if (named == null && LEGACY_UPPER_CASE.contains(reference)) {
            named = NAMED.get(reference.toLowerCase(Locale.ROOT));
        }
        return named;
    }

    private void lineBreak() {
        if (out.last() != '\n') {
            out.append('\n');
        }
    }

    private void emit(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            emit(chars.charAt(i));
        }
    }

    /** Whitespace collapses to one space, and none after a line break. */
    private void emit(char c) {
        if (Character.isWhitespace(c) || c == '\u00A0') {
            char last = out.last();
            if (last != ' ' && last != '\n') {
                out.append(' ');
            }
        } else {
            out.append(c);
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
