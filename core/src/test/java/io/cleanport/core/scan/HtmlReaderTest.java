package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** HTML reduced to the text a reader sees, fed in pieces as the walk decodes it, in both filters' readings. */
class HtmlReaderTest {
    /** The content filter's reading of {@code html}. */
    private static String text(String html) {
        MessageText out = new MessageText(1 << 20);
        HtmlReader reader = HtmlReader.forContentFilter(out);
        feed(reader, html);
        return out.toString();
    }

    /** The spam filter's reading of {@code html}: what it sorts where. */
    private record SpamReading(String visible, String hidden, List<HtmlLink> links) {
    }

    private static SpamReading spam(String html) {
        MessageText visible = new MessageText(1 << 20);
        MessageText hidden = new MessageText(2000);
        List<HtmlLink> links = new ArrayList<>();
        feed(HtmlReader.forSpamFilter(visible, hidden, links::add), html);
        return new SpamReading(visible.toString(), hidden.toString(), links);
    }

    private static void feed(HtmlReader reader, String html) {
        // in small pieces, so that tags and entities are cut across chunks
        for (int i = 0; i < html.length(); i += 3) {
            reader.write(html.substring(i, Math.min(html.length(), i + 3)));
        }
        reader.end();
    }

    @Test
    void tagsDroppedScriptAndStyleContentDropped() {
        String html = """
            <html><head><style>p { color: red } .x:after { content: "cheap pills" }</style>
            <script type="text/javascript">var a = "<b>cheap pills</b>"; if (a < b) {}</script></head>
            <body><p>Hello <b>Ali</b>ce,</p><div>see the <a href="http://x.example/?a=1&b=2" title='a > b'>offer</a></div>
            <SCRIPT>document.write("hidden")</SCRIPT >after</body></html>
            """;
        for (String text : List.of(text(html), spam(html).visible())) {
            assertThat(text).doesNotContain("cheap pills").doesNotContain("color").doesNotContain("hidden")
                .doesNotContain("<").doesNotContain("href");
            assertThat(text).contains("Hello Alice,").contains("see the offer").contains("after");
        }
    }

    @Test
    void entitiesDecoded() {
        assertThat(text("Fish &amp; chips &lt;now&gt; &quot;cheap&quot; &#99;&#x68;eap&nbsp;pills &apos;x&apos;"))
            .isEqualTo("Fish & chips <now> \"cheap\" cheap pills 'x'");
        assertThat(text("c&shy;he&#173;ap &euro;5 &#X41; &AMP; AT&T &unknown; &#0; &#99999999;"))
            .isEqualTo("cheap \u20AC5 A & AT&T &unknown; \uFFFD \uFFFD");
        assertThat(text("&amp")).isEqualTo("&");
        assertThat(text("&#99heap &#x70;ills &#x6Cx")).isEqualTo("cheap pills lx");
        assertThat(spam("Fish &amp; chips &lt;now&gt; &#99;&#x68;eap&nbsp;pills c&shy;he&#173;ap &#0;").visible())
            .isEqualTo("Fish & chips <now> cheap pills cheap \uFFFD");
    }

    @Test
    void commentsAndDeclarationsDropped() {
        assertThat(text("<!DOCTYPE html><!-- cheap <b>pills</b> -- still comment -->visible<?xml x?>")).isEqualTo("visible");
        assertThat(spam("<!DOCTYPE html><!-- cheap <b>pills</b> -- still comment -->visible<?xml x?>").visible())
            .isEqualTo("visible");
        assertThat(text("a < b and c > d")).isEqualTo("a < b and c > d");
        assertThat(spam("a < b and c > d").visible()).isEqualTo("a < b and c > d");
        // what browsers show after an abruptly closed comment is text
        assertThat(text("<!-->cheap<!--->pills<!-- x --!>now")).isEqualTo("cheappillsnow");
    }

    @Test
    void whitespaceCollapsesAndBlocksBreakLines() {
        assertThat(text("<p>one\n\n   two</p><p>three</p>four<br>five<td>six</td>")).isEqualTo("one two\nthree\nfour\nfive six");
        assertThat(spam("<p>one\n\n   two</p><p>three</p>four<br>five<td>six</td>").visible())
            .isEqualTo("one two\nthree\nfour\nfive six ");
    }

    @Test
    void unterminatedMarkupCostsNothing() {
        String endless = "<!-- " + "x".repeat(1_000_000);
        assertThat(text(endless)).isEmpty();
        assertThat(text("<a title=\"" + "y".repeat(100_000))).isEmpty();
        assertThat(text("<script>" + "z".repeat(100_000))).isEmpty();
        for (String html : List.of(endless, "<a title=\"" + "y".repeat(100_000), "<script>" + "z".repeat(100_000))) {
            assertThat(spam(html)).isEqualTo(new SpamReading("", "", List.of()));
        }
    }

    @Test
    void theSpamReadingSortsHiddenTextOut() {
        SpamReading reading = spam("""
            <body bgcolor="#ffffff"><p>Visible words.</p>
            <div style="display: none">none words</div>
            <span style="opacity:0.0">faded words</span>
            <span style="font-size:1px">tiny words</span>
            <font color="#fefefe">near white words</font>
            <span style="color:rgb(255,255,255) !important">rgb white words</span>
            <div style="background:url(x.png);color:#fff">on an image is visible</div>
            <table bgcolor="black"><tr><td><font color=white>white on black is visible</font></td></tr></table>
            <p hidden>attribute words<p>a sibling ends the hidden paragraph</p>
            </body>
            """);

        assertThat(reading.visible()).contains("Visible words.").contains("on an image is visible")
            .contains("white on black is visible").contains("a sibling ends the hidden paragraph")
            .doesNotContain("none").doesNotContain("faded").doesNotContain("tiny").doesNotContain("white words")
            .doesNotContain("attribute words");
        assertThat(reading.hidden()).contains("none words").contains("faded words").contains("tiny words")
            .contains("near white words").contains("rgb white words").contains("attribute words")
            .doesNotContain("Visible").doesNotContain("sibling");
    }

    @Test
    void theContentReadingKeepsHiddenText() {
        assertThat(text("<div style=\"display:none\">cheap</div><font color=white>pills</font>")).isEqualTo("cheap\npills");
    }

    @Test
    void theSpamReadingReportsLinksWithTheirVisibleText() {
        SpamReading reading = spam("<a href=\"http://x.example/?a=1&amp;b=2\">the <b>best</b>\n offer</a>"
            + "<area href='http://area.example/'><a href=\"\">no target</a><a name=top>no href</a>"
            + "<a href=http://long.example/>" + "z".repeat(500));

        assertThat(reading.links()).containsExactly(new HtmlLink("http://x.example/?a=1&b=2", "the best offer"),
            new HtmlLink("http://area.example/", ""), new HtmlLink("http://long.example/", "z".repeat(200)));
        assertThat(text("<a href=\"http://x.example/\">offer</a>")).isEqualTo("offer");
    }

    @Test
    void attributeValuesAndNestingAreBounded() {
        SpamReading reading = spam("<a href=\"http://x.example/" + "a".repeat(5000) + "\">here</a>"
            + "<div style=\"display:none\">".repeat(1000) + "deep" + "</div>".repeat(1000) + "after");

        assertThat(reading.links()).singleElement().satisfies(link -> assertThat(link.href()).hasSize(2048));
        assertThat(reading.hidden()).isEqualTo("deep ");
        assertThat(reading.visible()).isEqualTo("here\nafter");
    }

    /** Where the readings differ, kept from the readers they replaced (the spam filter's tokens were learned so). */
    @Test
    void theReadingsDifferInDetails() {
        assertThat(text("&AMP; &Amp; &laquo;x&raquo; &unknown; &#99heap")).isEqualTo("& &Amp; \u00ABx\u00BB &unknown; cheap");
        assertThat(spam("&AMP; &Amp; &laquo;x&raquo; &unknown; &#99heap").visible())
            .isEqualTo("& & &laquox&raquo &unknown &#99heap");

        assertThat(text("<!-->a<!-- b --!>c -->d")).isEqualTo("ac -->d");
        assertThat(spam("<!-->a<!-- b --!>c -->d").visible()).isEqualTo("d");

        assertThat(text("one <section>two<td>three</td>four")).isEqualTo("one \ntwo threefour");
        assertThat(spam("one <section>two<td>three</td>four").visible()).isEqualTo("one two three four");
        assertThat(text("one <br>two")).isEqualTo("one \ntwo");
        assertThat(spam("one <br>two").visible()).isEqualTo("one\ntwo");

        assertThat(text("<a =\">x\">y<script src=s/>z</script>")).isEqualTo("yz");
        assertThat(spam("<a =\">x\">y<script src=s/>z</script>").visible()).isEqualTo("x\">y");
    }
}
