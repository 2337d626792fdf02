package io.cleanport.core.scan;

import java.util.Objects;

/**
 * A link of an HTML part ({@code <a href>}, {@code <area href>}), as {@link HtmlReader} reads it.
 *
 * @param href       the target as written, character references decoded
 * @param anchorText the visible text inside the link, whitespace collapsed, at most 200 characters; empty for an
 *                   {@code area}
 */
public record HtmlLink(String href, String anchorText) {
    public HtmlLink {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(anchorText, "anchorText");
    }
}
