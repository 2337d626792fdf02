package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTML reduced to the text a reader sees, fed in pieces as the walk decodes it. */
class HtmlTextTest {
    private static String text(String html) {
        MessageText out = new MessageText(1 << 20);
        HtmlText reducer = new HtmlText(out);
        // in small pieces, so that tags and entities are cut across chunks
        for (int i = 0; i < html.length(); i += 3) {
            reducer.write(html.substring(i, Math.min(html.length(), i + 3)));
        }
        reducer.end();
        return out.toString();
    }

    @Test
    void tagsDroppedScriptAndStyleContentDropped() {
        String html = """
            <html><head><style>p { color: red } .x:after { content: "cheap pills" }</style>
            <script type="text/javascript">var a = "<b>cheap pills</b>"; if (a < b) {}</script></head>
            <body><p>Hello <b>Ali</b>ce,</p><div>see the <a href="http://x.example/?a=1&b=2" title='a > b'>offer</a></div>
            <SCRIPT>document.write("hidden")</SCRIPT >after</body></html>
            """;
        String text = text(html);
        assertThat(text).doesNotContain("cheap pills").doesNotContain("color").doesNotContain("hidden")
            .doesNotContain("<").doesNotContain("href");
        assertThat(text).contains("Hello Alice,").contains("see the offer").contains("after");
    }

    @Test
    void entitiesDecoded() {
        assertThat(text("Fish &amp; chips &lt;now&gt; &quot;cheap&quot; &#99;&#x68;eap&nbsp;pills &apos;x&apos;"))
            .isEqualTo("Fish & chips <now> \"cheap\" cheap pills 'x'");
        assertThat(text("c&shy;he&#173;ap &euro;5 &#X41; &AMP; AT&T &unknown; &#0; &#99999999;"))
            .isEqualTo("cheap \u20AC5 A & AT&T &unknown; \uFFFD \uFFFD");
        assertThat(text("&amp")).isEqualTo("&");
        assertThat(text("&#99heap &#x70;ills &#x6Cx")).isEqualTo("cheap pills lx");
    }

    @Test
    void commentsAndDeclarationsDropped() {
        assertThat(text("<!DOCTYPE html><!-- cheap <b>pills</b> -- still comment -->visible<?xml x?>")).isEqualTo("visible");
        assertThat(text("a < b and c > d")).isEqualTo("a < b and c > d");
        // what browsers show after an abruptly closed comment is text
        assertThat(text("<!-->cheap<!--->pills<!-- x --!>now")).isEqualTo("cheappillsnow");
    }

    @Test
    void whitespaceCollapsesAndBlocksBreakLines() {
        assertThat(text("<p>one\n\n   two</p><p>three</p>four<br>five<td>six</td>")).isEqualTo("one two\nthree\nfour\nfive six");
    }

    @Test
    void unterminatedMarkupCostsNothing() {
        String endless = "<!-- " + "x".repeat(1_000_000);
        assertThat(text(endless)).isEmpty();
        assertThat(text("<a title=\"" + "y".repeat(100_000))).isEmpty();
        assertThat(text("<script>" + "z".repeat(100_000))).isEmpty();
    }
}
