package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.hit;
import static io.cleanport.core.spam.SpamTestMessages.html;
import static io.cleanport.core.spam.SpamTestMessages.message;
import static io.cleanport.core.spam.SpamTestMessages.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/** The body and link rules: each hits where it should, with its evidence, and not on ordinary mail. */
class BodySpamRulesTest {
    private static final String ORDINARY = plain("", "Shall we meet at noon? See www.example.org/menu for the menu.\n");
    private static final String ALTERNATIVE = message("Content-Type: multipart/alternative; boundary=b\n", """
        --b
        Content-Type: text/plain

        Lunch at noon
        --b
        Content-Type: text/html

        <p>Lunch at <b>noon</b></p>
        --b--
        """);

    private static String evidence(String ruleId, String raw) {
        return hit(ruleId, raw).map(RuleHit::evidence).orElseThrow(() -> new AssertionError(ruleId + " did not hit"));
    }

    @Test
    void htmlOnly() {
        assertThat(evidence("HTML_ONLY", html("<p>Lunch at noon</p>"))).isEqualTo("text/html without a text/plain part");
        assertThat(hit("HTML_ONLY", ALTERNATIVE)).isEmpty();
        assertThat(hit("HTML_ONLY", ORDINARY)).isEmpty();
    }

    @Test
    void hiddenText() {
        assertThat(evidence("HIDDEN_TEXT", html("<p>Hello</p><div style=\"display:none\">cheap pills casino winner</div>")))
            .isEqualTo("hidden text 'cheap pills casino winner'");
        assertThat(hit("HIDDEN_TEXT", html("<p>Hello</p><font color=#fffffe>random words to fool filters</font>"))).isPresent();
        assertThat(hit("HIDDEN_TEXT", html("<p>Hello</p><span style=\"display:none\">x</span>"))).isEmpty(); // a spacer
        assertThat(hit("HIDDEN_TEXT", ALTERNATIVE)).isEmpty();
    }

    @Test
    void imageOnly() {
        assertThat(evidence("IMAGE_ONLY", html("<a href=\"http://shop.example/\"><img src=\"http://shop.example/offer.gif\"></a>")))
            .isEqualTo("1 image and 0 letters of text");
        String attached = message("Content-Type: multipart/related; boundary=b\n", "--b\nContent-Type: text/html\n\n"
            + "<img src=\"cid:1\"> Buy\n--b\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n"
            + Base64.getEncoder().encodeToString(new byte[40]) + "\n--b--\n");
        assertThat(evidence("IMAGE_ONLY", attached)).isEqualTo("2 images and 3 letters of text");
        assertThat(hit("IMAGE_ONLY", html("<p>Here is the photo of our holiday house by the lake, as promised last week. Let me know what you think of it!</p>"
            + "<img src=\"cid:photo\">"))).isEmpty();
        assertThat(hit("IMAGE_ONLY", ORDINARY)).isEmpty();
    }

    @Test
    void impersonalGreeting() {
        assertThat(evidence("IMPERSONAL_GREETING", plain("", "Dear Sir or Madam,\nI am a barrister.\n")))
            .isEqualTo("text 'Dear Sir or Madam'");
        assertThat(hit("IMPERSONAL_GREETING", plain("", "DEAR FRIEND, you have won\n"))).isPresent();
        assertThat(hit("IMPERSONAL_GREETING", plain("", "Dear Bob,\nlunch on Friday?\n"))).isEmpty();
        assertThat(hit("IMPERSONAL_GREETING", plain("", "my dear friendship with Ann\n"))).isEmpty();
    }

    @Test
    void lotsOfMoney() {
        assertThat(evidence("LOTS_OF_MONEY", plain("", "the sum of $25,500,000 is waiting\n"))).isEqualTo("text '$25,500,000'");
        assertThat(hit("LOTS_OF_MONEY", plain("", "worth 10 million dollars\n"))).isPresent();
        assertThat(hit("LOTS_OF_MONEY", plain("", "make $2.5 million from home\n"))).isPresent();
        assertThat(hit("LOTS_OF_MONEY", plain("", "the invoice of $1,250.00 is due\n"))).isEmpty();
        // the words that let the pattern run are found in any case
        assertThat(hit("LOTS_OF_MONEY", plain("", "TRANSFER OF MILLIONS OF DOLLARS\n"))).isPresent();
        assertThat(hit("LOTS_OF_MONEY", plain("", "a fund of Usd 12,000,000 awaits\n"))).isPresent();
        assertThat(hit("LOTS_OF_MONEY", ORDINARY)).isEmpty();
    }

    @Test
    void suspiciousCharset() {
        assertThat(evidence("SUSPICIOUS_CHARSET", message("Content-Type: text/plain; charset=x-user-defined-9\n", "hi\n")))
            .isEqualTo("message body (text/plain) declares the unknown charset 'x-user-defined-9'");
        assertThat(hit("SUSPICIOUS_CHARSET", message("Content-Type: text/plain; charset=windows-1251\n", "hi\n"))).isEmpty();
        assertThat(hit("SUSPICIOUS_CHARSET", ORDINARY)).isEmpty();
    }

    @Test
    void linkTextOtherDomain() {
        assertThat(evidence("LINK_TEXT_OTHER_DOMAIN", html("<a href=\"http://198.51.100.7/login\">paypal.com</a>")))
            .isEqualTo("link text 'paypal.com' goes to http://198.51.100.7/login");
        assertThat(hit("LINK_TEXT_OTHER_DOMAIN", html("<a href=\"https://evil.example/x\">https://www.mybank.com/login</a>")))
            .isPresent();
        assertThat(hit("LINK_TEXT_OTHER_DOMAIN", html("<a href=\"https://www.paypal.com/signin\">paypal.com</a>"))).isEmpty();
        assertThat(hit("LINK_TEXT_OTHER_DOMAIN", html("<a href=\"https://evil.example/x\">click here</a>"))).isEmpty();
        // the sender's own click tracking
        assertThat(hit("LINK_TEXT_OTHER_DOMAIN", html("<a href=\"http://click.example.org/t?1\">www.partner.com</a>"))).isEmpty();
    }

    @Test
    void ipLiteralUrl() {
        assertThat(evidence("IP_LITERAL_URL", plain("", "Log in at http://203.0.113.9:8080/bank now\n")))
            .isEqualTo("http://203.0.113.9:8080/bank");
        assertThat(evidence("IP_LITERAL_URL", html("<a href=\"http://3405803785/\">x</a> <a href=\"http://[2001:db8::1]/\">y</a>")))
            .isEqualTo("http://3405803785/; http://[2001:db8::1]/");
        assertThat(hit("IP_LITERAL_URL", plain("", "Version 1.2.3.4 is out; see http://www.example.org/1.2\n"))).isEmpty();
    }

    @Test
    void urlUserInfo() {
        assertThat(evidence("URL_USERINFO", html("<a href=\"http://www.mybank.com@203.0.113.9/login\">log in</a>")))
            .isEqualTo("http://www.mybank.com@203.0.113.9/login");
        assertThat(hit("URL_USERINFO", plain("", "ftp://anonymous@ftp.example.org/pub\n"))).isEmpty();
        assertThat(hit("URL_USERINFO", ORDINARY)).isEmpty();
    }

    @Test
    void shortenerUrl() {
        assertThat(evidence("SHORTENER_URL", plain("", "Look: https://bit.ly/3xYz and http://www.tinyurl.com/abc\n")))
            .isEqualTo("https://bit.ly/3xYz; http://www.tinyurl.com/abc");
        assertThat(hit("SHORTENER_URL", plain("", "https://notbit.ly.example.org/x\n"))).isEmpty();
        assertThat(hit("SHORTENER_URL", ORDINARY)).isEmpty();
    }
}
