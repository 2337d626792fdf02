package io.cleanport.core.scan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads HTML as its characters stream by, into the text a reader sees: tags are dropped (block elements break
 * lines, table cells are spaces), comments and the content of {@code script} and {@code style} are dropped, runs
 * of whitespace become one space, and character references are decoded ({@code &amp;}, {@code &nbsp;}, a few
 * common named ones, {@code &#NN;}, {@code &#xNN;}).
 *
 * <p>Two readings, one per filter:
 * <ul>
 *   <li>{@link #forContentFilter} keeps all the text, hidden or not: a content rule must find words wherever a
 *   sender put them.</li>
 *   <li>{@link #forSpamFilter} sorts the text into what a reader sees and what is hidden from them, and reports
 *   the links with their visible text. Hidden is text inside an element styled {@code display:none},
 *   {@code visibility:hidden}, {@code opacity:0} or with a font size of at most one pixel, or with the
 *   {@code hidden} attribute, and text whose colour is (nearly) that of its background, as {@code font color},
 *   {@code bgcolor}, {@code text} and the style's {@code color} and {@code background} set them. Elements are
 *   tracked on a bounded stack, closed by their end tag; the few elements HTML closes implicitly ({@code p},
 *   {@code li}, {@code td}, …) are closed by their next sibling.</li>
 * </ul>
 *
 * <p>The two readings also differ in details of what text they produce, as the two readers this one replaces
 * did; they are kept apart so that neither filter's results change (the spam filter's Bayes tokens were learned
 * with its reading). The content filter reads as browsers do: a comment also ends at {@code <!-->},
 * {@code <!--->} and {@code --!>}; reference names are case-sensitive ({@code &AMP;} and three others also in
 * upper case), a number ends at its first non-digit ({@code &#99heap} is {@code cheap}), an unknown reference
 * keeps its {@code ;}, and {@code &laquo;}, {@code &raquo;} and {@code &zwsp;} are known; {@code section},
 * {@code article}, {@code header} and {@code footer} break lines too. It also opens a quoted attribute value at
 * a quote after any {@code =}, and takes {@code /} just before {@code >} as self-closing. The spam filter's
 * reading ends comments at {@code -->} only, reads reference names in any case and numbers of up to 7 letters
 * and digits, drops the {@code ;} of an unknown reference, reads a cell's end tag as a space too, and drops the
 * space before a line break.
 *
 * <p>Not an HTML parser: a state machine that keeps a tag's name and the few attributes it reads, each bounded,
 * so hostile markup (an unclosed comment, a tag of megabytes) costs time linear in its length and bounded
 * memory. One instance per part.
 */
public final class HtmlReader {
    private static final int MAX_NAME_CHARS = 32;
    private static final int MAX_VALUE_CHARS = 2048;
    private static final int MAX_ENTITY_CHARS = 32;
    private static final int MAX_ANCHOR_CHARS = 200;
    private static final int MAX_DEPTH = 256;
    /** Colours this close on every channel are the same colour to the eye. */
    private static final int INVISIBLE_COLOUR_DISTANCE = 0x18;
    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;
    private static final int UNKNOWN_COLOUR = -1;

    private static final Set<String> KEPT_ATTRIBUTES = Set.of("href", "style", "color", "bgcolor", "text", "hidden",
        "background");
    private static final Set<String> VOID_ELEMENTS = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
        "link", "meta", "param", "source", "track", "wbr");
    private static final Set<String> BLOCK_ELEMENTS = Set.of("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "table", "ul", "ol", "blockquote", "title", "pre", "dd", "dt");
    private static final Set<String> SECTIONING_ELEMENTS = Set.of("section", "article", "header", "footer");
    private static final Set<String> CELL_ELEMENTS = Set.of("td", "th");
    /** Elements a sibling of the same name closes. */
    private static final Set<String> SELF_CLOSING_SIBLINGS = Set.of("p", "li", "td", "th", "tr", "option", "dt", "dd");
    private static final Set<String> RAW_TEXT_ELEMENTS = Set.of("script", "style");
    private static final Map<String, Integer> COLOUR_NAMES = Map.ofEntries(Map.entry("white", WHITE),
        Map.entry("black", BLACK), Map.entry("red", 0xFF0000), Map.entry("lime", 0x00FF00), Map.entry("green", 0x008000),
        Map.entry("blue", 0x0000FF), Map.entry("yellow", 0xFFFF00), Map.entry("silver", 0xC0C0C0),
        Map.entry("gray", 0x808080), Map.entry("grey", 0x808080), Map.entry("maroon", 0x800000),
        Map.entry("navy", 0x000080), Map.entry("purple", 0x800080), Map.entry("teal", 0x008080),
        Map.entry("olive", 0x808000), Map.entry("aqua", 0x00FFFF), Map.entry("fuchsia", 0xFF00FF),
        Map.entry("orange", 0xFFA500), Map.entry("snow", 0xFFFAFA), Map.entry("whitesmoke", 0xF5F5F5),
        Map.entry("ivory", 0xFFFFF0));
    private static final Map<String, String> NAMED_REFERENCES = Map.ofEntries(
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
    /** Named references the spam filter's reading does not know. */
    private static final Set<String> UNKNOWN_TO_SPAM_READING = Set.of("laquo", "raquo", "zwsp");

    /**
     * What the two filters' readings differ in (see the class comment).
     *
     * @param blockElements       the elements that break lines
     * @param browserComments     whether {@code <!-->}, {@code <!--->} and {@code --!>} end a comment
     * @param browserReferences   whether character references are read as browsers do
     * @param looseAttributes     whether a quote after any {@code =} opens a value and {@code /} just before
     *                            {@code >} always makes the element self-closing
     * @param cellEndIsSpace      whether a cell's end tag is a space, as its start tag is
     * @param trimmedLineBreaks   whether a space before a line break is dropped
     */
    private record Reading(Set<String> blockElements, boolean browserComments, boolean browserReferences,
                           boolean looseAttributes, boolean cellEndIsSpace, boolean trimmedLineBreaks) {
    }

    private static final Reading CONTENT_FILTER = new Reading(union(BLOCK_ELEMENTS, SECTIONING_ELEMENTS), true, true,
        true, false, false);
    private static final Reading SPAM_FILTER = new Reading(BLOCK_ELEMENTS, false, false, false, true, true);

    private enum State { TEXT, TAG_OPEN, TAG_NAME, BEFORE_ATTRIBUTE, ATTRIBUTE_NAME, AFTER_ATTRIBUTE_NAME, BEFORE_VALUE,
        DOUBLE_QUOTED, SINGLE_QUOTED, UNQUOTED, BANG, COMMENT, DECLARATION, RAW_TEXT, ENTITY }

    /** An open element and what it passes on to its content. */
    private record Frame(String name, boolean hidden, int colour, int background) {
        boolean hides() {
            return hidden || (background != UNKNOWN_COLOUR && close(colour, background));
        }
    }

    private final Reading reading;
    private final MessageText visible;
    /** Where hidden text goes; null when it is not told apart (nor are elements and attributes tracked). */
    private final MessageText hidden;
    private final Consumer<HtmlLink> links;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final StringBuilder name = new StringBuilder();
    private final StringBuilder attributeName = new StringBuilder();
    private final StringBuilder value = new StringBuilder();
    private final StringBuilder entity = new StringBuilder();
    private final Map<String, String> attributes = new HashMap<>();
    private State state = State.TEXT;
    private boolean closing;
    private boolean selfClosing;
    /** The last character of the tag that is not whitespace nor inside a quoted value. */
    private char previousInTag;
    private int dashes;
    private int commentChars;
    private String rawTextEnd;
    private int rawTextMatched;
    private String href;
    private StringBuilder anchor;

    private HtmlReader(Reading reading, MessageText visible, MessageText hidden, Consumer<HtmlLink> links) {
        this.reading = reading;
        this.visible = Objects.requireNonNull(visible, "visible");
        this.hidden = hidden;
        this.links = links;
        open.push(new Frame("", false, BLACK, WHITE));
    }

    /**
     * The content filter's reading: all the text, hidden or not, into {@code text}.
     */
    public static HtmlReader forContentFilter(MessageText text) {
        return new HtmlReader(CONTENT_FILTER, text, null, link -> { });
    }

    /**
     * The spam filter's reading.
     *
     * @param visible where the text a reader sees goes
     * @param hidden  where the hidden text goes
     * @param links   receives each link when its element ends
     */
    public static HtmlReader forSpamFilter(MessageText visible, MessageText hidden, Consumer<HtmlLink> links) {
        return new HtmlReader(SPAM_FILTER, visible, Objects.requireNonNull(hidden, "hidden"),
            Objects.requireNonNull(links, "links"));
    }

    public void write(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            write(chars.charAt(i));
        }
    }

    /** The end of the part: a reference cut short is shown as written, an open link ends. */
    public void end() {
        if (state == State.ENTITY) {
            endEntity(false);
        }
        endLink();
        state = State.TEXT;
    }

    private void write(char c) {
        switch (state) {
            case TEXT -> text(c);
            case TAG_OPEN -> tagOpen(c);
            case TAG_NAME -> tagName(c);
            case BEFORE_ATTRIBUTE, ATTRIBUTE_NAME, AFTER_ATTRIBUTE_NAME, BEFORE_VALUE, UNQUOTED -> inTag(c);
            case DOUBLE_QUOTED -> quoted(c, '"');
            case SINGLE_QUOTED -> quoted(c, '\'');
            case BANG -> bang(c);
            case COMMENT -> comment(c);
            case DECLARATION -> {
                if (c == '>') {
                    state = State.TEXT;
                }
            }
            case RAW_TEXT -> rawText(c);
            case ENTITY -> entityChar(c);
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
        name.setLength(0);
        attributes.clear();
        selfClosing = false;
        closing = false;
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
            name.append(Character.toLowerCase(c));
            state = State.TAG_NAME;
        } else {
            emit('<'); // "a < b" is text
            state = State.TEXT;
            text(c);
        }
    }

    private void tagName(char c) {
        if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == ':') {
            bounded(name, Character.toLowerCase(c), MAX_NAME_CHARS);
        } else {
            state = State.BEFORE_ATTRIBUTE;
            inTag(c);
        }
    }

    /** A character of a tag after its name, outside quoted values. */
    private void inTag(char c) {
        if (c != '>' && !Character.isWhitespace(c)) {
            if (reading.looseAttributes() && (c == '"' || c == '\'') && previousInTag == '=') {
                previousInTag = c;
                value.setLength(0);
                state = c == '"' ? State.DOUBLE_QUOTED : State.SINGLE_QUOTED;
                return;
            }
            previousInTag = c;
        }
        switch (state) {
            case BEFORE_ATTRIBUTE -> beforeAttribute(c);
            case ATTRIBUTE_NAME -> attributeName(c);
            case AFTER_ATTRIBUTE_NAME -> afterAttributeName(c);
            case BEFORE_VALUE -> beforeValue(c);
            case UNQUOTED -> unquoted(c);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void beforeAttribute(char c) {
        if (c == '>') {
            endTag();
        } else if (c == '/') {
            selfClosing = true;
        } else if (!Character.isWhitespace(c)) {
            selfClosing = false;
            attributeName.setLength(0);
            bounded(attributeName, Character.toLowerCase(c), MAX_NAME_CHARS);
            state = State.ATTRIBUTE_NAME;
        }
    }

    private void attributeName(char c) {
        if (c == '=') {
            value.setLength(0);
            state = State.BEFORE_VALUE;
        } else if (c == '>' || c == '/') {
            attribute("");
            state = State.BEFORE_ATTRIBUTE;
            beforeAttribute(c);
        } else if (Character.isWhitespace(c)) {
            state = State.AFTER_ATTRIBUTE_NAME;
        } else {
            bounded(attributeName, Character.toLowerCase(c), MAX_NAME_CHARS);
        }
    }

    private void afterAttributeName(char c) {
        if (c == '=') {
            value.setLength(0);
            state = State.BEFORE_VALUE;
        } else if (!Character.isWhitespace(c)) {
            attribute("");
            state = State.BEFORE_ATTRIBUTE;
            beforeAttribute(c);
        }
    }

    private void beforeValue(char c) {
        if (c == '"') {
            state = State.DOUBLE_QUOTED;
        } else if (c == '\'') {
            state = State.SINGLE_QUOTED;
        } else if (c == '>') {
            attribute("");
            endTag();
        } else if (!Character.isWhitespace(c)) {
            state = State.UNQUOTED;
            unquoted(c);
        }
    }

    private void quoted(char c, char quote) {
        if (c == quote) {
            attribute(value.toString());
            state = State.BEFORE_ATTRIBUTE;
        } else {
            bounded(value, c, MAX_VALUE_CHARS);
        }
    }

    private void unquoted(char c) {
        if (c == '>' || Character.isWhitespace(c)) {
            attribute(value.toString());
            state = State.BEFORE_ATTRIBUTE;
            if (c == '>') {
                endTag();
            }
        } else {
            bounded(value, c, MAX_VALUE_CHARS);
        }
    }

    private void attribute(String rawValue) {
        String attribute = attributeName.toString();
        if (hidden != null && KEPT_ATTRIBUTES.contains(attribute)) {
            attributes.putIfAbsent(attribute, decodeReferences(rawValue).strip());
        }
    }

    private void endTag() {
        state = State.TEXT;
        String element = name.toString();
        if (element.isEmpty()) {
            return;
        }
        if (reading.blockElements().contains(element)) {
            lineBreak();
        } else if (CELL_ELEMENTS.contains(element) && (!closing || reading.cellEndIsSpace())) {
            emit(' ');
        }
        if (closing) {
            if (element.equals("a")) {
                endLink();
            }
            close(element);
            return;
        }
        if (element.equals("a") || element.equals("area")) {
            endLink();
            String target = attributes.get("href");
            if (target != null && !target.isEmpty()) {
                href = target;
                anchor = new StringBuilder();
                if (element.equals("area")) {
                    endLink();
                }
            }
        }
        boolean selfClosed = reading.looseAttributes() ? previousInTag == '/' : selfClosing;
        if (RAW_TEXT_ELEMENTS.contains(element) && !selfClosed) {
            rawTextEnd = "</" + element;
            rawTextMatched = 0;
            state = State.RAW_TEXT;
            return;
        }
        if (hidden != null && !VOID_ELEMENTS.contains(element) && !selfClosed) {
            if (SELF_CLOSING_SIBLINGS.contains(element) && open.peek().name().equals(element)) {
                open.pop();
            }
            if (open.size() < MAX_DEPTH) {
                open.push(frame(element, open.peek()));
            }
        }
    }

    /** Closes the innermost open element of that name and those inside it; an end tag of nothing open is ignored. */
    private void close(String element) {
        int depth = 0;
        for (Frame frame : open) {
            if (frame.name().equals(element)) {
                for (int i = 0; i <= depth; i++) {
                    open.pop();
                }
                return;
            }
            depth++;
        }
    }

    private Frame frame(String element, Frame parent) {
        boolean hides = parent.hidden() || attributes.containsKey("hidden");
        int colour = colour(attributes.get("color"), parent.colour());
        if (element.equals("body")) {
            colour = colour(attributes.get("text"), colour);
        }
        int background = attributes.containsKey("background") ? UNKNOWN_COLOUR // an image: its colours are unknown
            : colour(attributes.get("bgcolor"), parent.background());
        String style = attributes.get("style");
        if (style != null) {
            for (String declaration : style.toLowerCase(Locale.ROOT).split(";")) {
                int colon = declaration.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String property = declaration.substring(0, colon).strip();
                String setting = declaration.substring(colon + 1).replace("!important", "").strip();
                switch (property) {
                    case "display" -> hides |= setting.equals("none");
                    case "visibility" -> hides |= setting.equals("hidden");
                    case "opacity" -> hides |= !setting.isEmpty() && setting.matches("0*(\\.0*)?");
                    case "font-size" -> hides |= tinyFontSize(setting);
                    case "color" -> colour = colour(setting, colour);
                    case "background-color" -> background = colour(setting, background);
                    case "background" -> background = setting.contains("url(") ? UNKNOWN_COLOUR
                        : colour(setting.split("\\s+")[0], background);
                    default -> {
                        // not about visibility
                    }
                }
            }
        }
        return new Frame(element, hides, colour, background);
    }

    /** A font size of at most one pixel or point (or 0 of any unit): too small to read. */
    private static boolean tinyFontSize(String setting) {
        int end = 0;
        while (end < setting.length() && (Character.isDigit(setting.charAt(end)) || setting.charAt(end) == '.')) {
            end++;
        }
        if (end == 0 || end > 10) {
            return false;
        }
        double size;
        try {
            size = Double.parseDouble(setting.substring(0, end));
        } catch (NumberFormatException e) {
            return false;
        }
        String unit = setting.substring(end).strip();
        return size == 0 || (size <= 1 && (unit.equals("px") || unit.equals("pt")));
    }

    /** The colour {@code value} names ({@code #fff}, {@code #ffffff}, {@code ffffff}, {@code white}, {@code rgb(…)}), else {@code otherwise}. */
    private static int colour(String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        String colour = value.strip().toLowerCase(Locale.ROOT);
        Integer named = COLOUR_NAMES.get(colour);
        if (named != null) {
            return named;
        }
        if (colour.startsWith("rgb(") && colour.endsWith(")")) {
            String[] channels = colour.substring(4, colour.length() - 1).split(",");
            if (channels.length == 3) {
                try {
                    int rgb = 0;
                    for (String channel : channels) {
                        rgb = (rgb << 8) | Math.min(255, Math.max(0, Integer.parseInt(channel.strip())));
                    }
                    return rgb;
                } catch (NumberFormatException e) {
                    return otherwise;
                }
            }
            return otherwise;
        }
        String hex = colour.startsWith("#") ? colour.substring(1) : colour;
        if (hex.length() == 3 && hex.chars().allMatch(HtmlReader::isHexDigit)) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        if (hex.length() == 6 && hex.chars().allMatch(HtmlReader::isHexDigit)) {
            return Integer.parseInt(hex, 16);
        }
        return otherwise;
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > INVISIBLE_COLOUR_DISTANCE) {
                return false;
            }
        }
        return true;
    }

    private void bang(char c) {
        if (c == '-') {
            if (++dashes == 2) {
                dashes = 0;
                commentChars = 0;
                state = State.COMMENT;
            }
        } else {
            state = c == '>' ? State.TEXT : State.DECLARATION;
        }
    }

    private void comment(char c) {
        // browsers also end a comment at "--!>" and, right after "<!--", at ">" and "->": the text after them is
        // shown, so it must not be hidden from the rules
        if (c == '>' && (dashes >= 2 || (reading.browserComments() && commentChars == dashes))) {
            state = State.TEXT;
            return;
        }
        commentChars++;
        if (c == '-') {
            dashes++;
        } else if (!(reading.browserComments() && c == '!' && dashes >= 2)) {
            dashes = 0;
        }
    }

    private void rawText(char c) {
        if (Character.toLowerCase(c) == rawTextEnd.charAt(rawTextMatched)) {
            if (++rawTextMatched == rawTextEnd.length()) {
                // the end tag: its name is read, its attributes and '>' follow
                name.setLength(0);
                name.append(rawTextEnd, 2, rawTextEnd.length());
                attributes.clear();
                closing = true;
                previousInTag = 0;
                state = State.BEFORE_ATTRIBUTE;
            }
        } else {
            rawTextMatched = c == '<' ? 1 : 0;
        }
    }

    private void entityChar(char c) {
        if (c == ';') {
            endEntity(true);
            state = State.TEXT;
        } else if (continuesReference(c) && entity.length() < MAX_ENTITY_CHARS) {
            entity.append(c);
        } else {
            // browsers also read "&amp" and "&#38" without the semicolon
            endEntity(false);
            state = State.TEXT;
            text(c);
        }
    }

    /** Whether {@code c} continues the reference: a name's letters and digits, a number's digits. */
    private boolean continuesReference(char c) {
        if (!reading.browserReferences()) {
            return isAsciiLetter(c) || Character.isDigit(c) || (c == '#' && entity.length() == 0);
        }
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
        String decoded = decodeReference(entity.toString());
        if (decoded != null) {
            for (int i = 0; i < decoded.length(); i++) {
                emit(decoded.charAt(i));
            }
            return;
        }
        emit('&');
        for (int i = 0; i < entity.length(); i++) {
            emit(entity.charAt(i));
        }
        if (semicolon && reading.browserReferences()) {
            emit(';');
        }
    }

    /** The text of a character reference without its {@code &} and {@code ;}, or null when it is none. */
    private String decodeReference(String reference) {
        if (reference.startsWith("#")) {
            boolean hex = reference.length() > 1 && (reference.charAt(1) == 'x' || reference.charAt(1) == 'X');
            String digits = reference.substring(hex ? 2 : 1);
            if (digits.isEmpty() || digits.length() > (reading.browserReferences() ? 8 : 7)) {
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
        if (!reading.browserReferences()) {
            String lower = reference.toLowerCase(Locale.ROOT);
            return UNKNOWN_TO_SPAM_READING.contains(lower) ? null : NAMED_REFERENCES.get(lower);
        }
        String named = NAMED_REFERENCES.get(reference);
        if (named == null && LEGACY_UPPER_CASE.contains(reference)) {
            named = NAMED_REFERENCES.get(reference.toLowerCase(Locale.ROOT));
        }
        return named;
    }

    /** Decodes the character references of an attribute value (an {@code href} with {@code &amp;}). */
    private String decodeReferences(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            int semicolon = c == '&' ? value.indexOf(';', i) : -1;
            String decoded = semicolon > i && semicolon - i <= MAX_ENTITY_CHARS
                ? decodeReference(value.substring(i + 1, semicolon)) : null;
            if (decoded != null) {
                out.append(decoded);
                i = semicolon + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private void emit(char c) {
        if (hidden != null && open.peek().hides()) {
            hidden.appendCollapsed(c);
            return;
        }
        visible.appendCollapsed(c);
        if (anchor != null && anchor.length() < MAX_ANCHOR_CHARS) {
            anchor.append(Character.isWhitespace(c) ? ' ' : c);
        }
    }

    private void lineBreak() {
        if (hidden != null && open.peek().hides()) {
            hidden.appendCollapsed(' ');
            return;
        }
        if (reading.trimmedLineBreaks()) {
            visible.endLineTrimmed();
        } else {
            visible.endLine();
        }
        if (anchor != null && anchor.length() < MAX_ANCHOR_CHARS) {
            anchor.append(' ');
        }
    }

    private void endLink() {
        if (href != null) {
            links.accept(new HtmlLink(href, anchor.toString().strip().replaceAll("\\s+", " ")));
            href = null;
            anchor = null;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static void bounded(StringBuilder builder, char c, int max) {
        if (builder.length() < max) {
            builder.append(c);
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
