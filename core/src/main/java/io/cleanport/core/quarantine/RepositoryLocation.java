package io.cleanport.core.quarantine;

/**
 * Where the body of a quarantined message lives: a James mail repository ({@code repositoryUrl}, such as
 * {@code file://var/mail/quarantine/spam/}) and the key of the mail in it.
 *
 * <p>Both are 1 to {@value #MAX_LENGTH} characters without control characters; the URL has the
 * {@code protocol://path} shape of James's {@code MailRepositoryUrl}.
 */
public record RepositoryLocation(String repositoryUrl, String mailKey) {
    public static final int MAX_LENGTH = 1024;

    /**
     * @throws QuarantineValidationException naming {@code repositoryUrl} or {@code mailKey}
     */
    public RepositoryLocation {
        check("repositoryUrl", repositoryUrl);
        check("mailKey", mailKey);
        int separator = repositoryUrl.indexOf("://");
        if (separator <= 0) {
            throw new QuarantineValidationException("repositoryUrl", "'" + repositoryUrl + "' is not a mail repository URL (protocol://path)");
        }
    }

    public static RepositoryLocation of(String repositoryUrl, String mailKey) {
        return new RepositoryLocation(repositoryUrl, mailKey);
    }

    private static void check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new QuarantineValidationException(field, "must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new QuarantineValidationException(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new QuarantineValidationException(field, "contains a control character");
        }
    }
}
