package io.cleanport.core.antivirus;

import static io.cleanport.core.antivirus.ProtagFiles.attachment;
import static io.cleanport.core.antivirus.ProtagFiles.inside;
import static io.cleanport.core.antivirus.ProtagFiles.member;
import static io.cleanport.core.antivirus.ProtagFiles.top;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.cleanport.core.scan.ArchiveMember;
import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.FileFamily;

/** One nested class per ProTAG file rule: what it flags, what it leaves alone, and its evidence. */
class FileRulesTest {
    private static final String PE = "application/x-msdownload;format=pe32";
    private static final String ZIP = "application/zip";

    @Nested
    class Executable {
        private final FileRule rule = new ExecutableFileRule();

        @Test
        void aProgramIsFlaggedWhateverItsName() {
            assertThat(rule.check(top(attachment("report.pdf", "application/pdf", PE, FileFamily.EXECUTABLE))))
                .hasValue("attachment 'report.pdf' (part 2) is " + PE);
        }

        @Test
        void documentsAndMembersAreNot() {
            assertThat(rule.check(top(attachment("report.pdf", "application/pdf", "application/pdf", FileFamily.PDF)))).isEmpty();
            Attachment zip = attachment("a.zip", ZIP, ZIP, FileFamily.ARCHIVE, member("a.exe", PE, FileFamily.EXECUTABLE));
            assertThat(rule.check(inside(zip))).isEmpty(); // ArchivedExecutableRule's
        }
    }

    @Nested
    class DangerousExtension {
        private final FileRule rule = new DangerousExtensionRule();

        @Test
        void scriptsShortcutsAndDiskImagesAreFlaggedByName() {
            for (String name : List.of("run.js", "x.VBS", "a.lnk", "setup.msi", "disk.iso", "b.hta", "c.ps1", "d.scr ")) {
                assertThat(rule.check(top(attachment(name, "application/octet-stream", "text/plain", FileFamily.OTHER))))
                    .as(name).isPresent();
            }
        }

        @Test
        void ordinaryNamesAreNot() {
            for (String name : List.of("invoice.pdf", "photo.jpg", "notes.txt", "exe", "invite.ics", "smime.p7s", "mail.eml")) {
                assertThat(rule.check(top(attachment(name, "application/octet-stream", "text/plain", FileFamily.OTHER))))
                    .as(name).isEmpty();
            }
        }
    }

    @Nested
    class DoubleExtension {
        private final FileRule rule = new DoubleExtensionRule();

        @Test
        void aDocumentNameWithAProgramExtensionIsFlagged() {
            Attachment zip = attachment("statement.zip", ZIP, ZIP, FileFamily.ARCHIVE,
                member("invoice.pdf.exe", PE, FileFamily.EXECUTABLE));
            assertThat(rule.check(inside(zip))).hasValue("'invoice.pdf.exe' inside 'statement.zip' (part 2) shows .pdf but is .exe");
            assertThat(rule.check(top(attachment("scan.jpg      .scr", "image/jpeg", PE, FileFamily.EXECUTABLE)))).isPresent();
        }

        @Test
        void harmlessDoubleExtensionsAreNot() {
            for (String name : List.of("backup.tar.gz", "report.final.pdf", "archive.2024.zip", "invoice.exe.txt", "v1.2.exe")) {
                assertThat(rule.check(top(attachment(name, "application/octet-stream", null, FileFamily.OTHER)))).as(name).isEmpty();
            }
        }
    }

    @Nested
    class BidiFileName {
        private final FileRule rule = new BidiFileNameRule();

        @Test
        void aRightToLeftOverrideIsFlaggedWithTheRealExtension() {
            String name = "invoice\u202Efdp.exe";
            assertThat(rule.check(top(attachment(name, "application/pdf", PE, FileFamily.EXECUTABLE))))
                .hasValueSatisfying(evidence -> assertThat(evidence).contains("U+202E").endsWith("is .exe"));
        }

        @Test
        void rightToLeftScriptsWithoutControlsAreNot() {
            assertThat(rule.check(top(attachment("\u0641\u0627\u062A\u0648\u0631\u0629.pdf", "application/pdf", "application/pdf",
                FileFamily.PDF)))).isEmpty();
        }
    }

    @Nested
    class DisguisedFileType {
        private final FileRule rule = new DisguisedFileTypeRule();

        @Test
        void aNameOrDeclaredTypeContradictingTheContentIsFlagged() {
            assertThat(rule.check(top(attachment("invoice.pdf", "application/pdf", ZIP, FileFamily.ARCHIVE))))
                .hasValue("attachment 'invoice.pdf' (part 2) is named .pdf but its content is application/zip");
            assertThat(rule.check(top(attachment("data", "image/jpeg", PE, FileFamily.EXECUTABLE))))
                .hasValue("attachment 'data' (part 2) is declared image/jpeg but its content is " + PE);
        }

        @Test
        void compatibleOrUnknownTypesAreNot() {
            assertThat(rule.check(top(attachment("a.docx", "application/octet-stream", ZIP, FileFamily.ARCHIVE)))).isEmpty();
            assertThat(rule.check(top(attachment("a.jpg", "image/jpeg", "image/png", FileFamily.IMAGE)))).isEmpty();
            assertThat(rule.check(top(attachment("a.pdf", "application/octet-stream", "text/plain", FileFamily.OTHER)))).isEmpty();
            assertThat(rule.check(top(attachment("a.xlsm", "application/vnd.ms-excel", "application/x-tika-ooxml",
                FileFamily.MACRO_DOCUMENT)))).isEmpty();
            assertThat(rule.check(top(attachment("tool.jar", "application/java-archive", ZIP, FileFamily.ARCHIVE)))).isEmpty();
        }
    }

    @Nested
    class MacroDocument {
        private final FileRule rule = new MacroDocumentRule();

        @Test
        void aDocumentWithAVbaProjectIsFlaggedAtAnyDepth() {
            Attachment zip = attachment("docs.zip", ZIP, ZIP, FileFamily.ARCHIVE,
                member("order.doc", "application/msword", FileFamily.MACRO_DOCUMENT));
            assertThat(rule.check(inside(zip))).hasValue("'order.doc' inside 'docs.zip' (part 2) is an Office document with macros");
        }

        @Test
        void documentsWithoutMacrosAreNot() {
            assertThat(rule.check(top(attachment("a.docx", "application/msword", "application/x-tika-ooxml", FileFamily.OFFICE))))
                .isEmpty();
        }
    }

    @Nested
    class ArchivedExecutable {
        private final FileRule rule = new ArchivedExecutableRule();

        @Test
        void programsAndScriptsInsideArchivesAreFlaggedAtAnyDepth() {
            ArchiveMember deep = member("run.js", "text/plain", FileFamily.SCRIPT);
            ArchiveMember inner = member("inner.zip", ZIP, FileFamily.ARCHIVE, deep);
            Attachment outer = attachment("outer.zip", ZIP, ZIP, FileFamily.ARCHIVE, inner);
            assertThat(rule.check(new CarriedFile(deep, List.of(outer, inner))))
                .hasValue("'run.js' inside 'inner.zip' inside 'outer.zip' (part 2) has the extension .js");
            Attachment renamed = attachment("a.zip", ZIP, ZIP, FileFamily.ARCHIVE, member("photo.jpg", PE, FileFamily.EXECUTABLE));
            assertThat(rule.check(inside(renamed))).hasValue("'photo.jpg' inside 'a.zip' (part 2) is " + PE);
        }

        @Test
        void documentsInsideArchivesAndAttachmentsThemselvesAreNot() {
            Attachment zip = attachment("a.zip", ZIP, ZIP, FileFamily.ARCHIVE, member("notes.txt", "text/plain", FileFamily.OTHER));
            assertThat(rule.check(inside(zip))).isEmpty();
            assertThat(rule.check(top(attachment("a.exe", PE, PE, FileFamily.EXECUTABLE)))).isEmpty();
        }
    }

    @Nested
    class EncryptedArchive {
        private final FileRule rule = new EncryptedArchiveRule();

        @Test
        void anEncryptedArchiveIsFlagged() {
            assertThat(rule.check(top(attachment("secret.zip", ZIP, ZIP, FileFamily.ENCRYPTED_ARCHIVE, true))))
                .hasValue("attachment 'secret.zip' (part 2) is an encrypted archive");
        }

        @Test
        void aPasswordProtectedDocumentIsNot() {
            assertThat(rule.check(top(attachment("salaries.xlsx", "application/vnd.ms-excel", "application/x-tika-ooxml-protected",
                FileFamily.OFFICE, true)))).isEmpty();
        }
    }
}
