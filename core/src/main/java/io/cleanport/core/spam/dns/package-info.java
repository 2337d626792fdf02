/**
 * Spam checks that ask DNS about the SMTP client and the sender: DNS blocklists of client addresses
 * ({@link io.cleanport.core.spam.dns.DnsBlocklists}) and SPF (RFC 7208,
 * {@link io.cleanport.core.spam.dns.SpfCheck}), run concurrently, cached and within a time limit by
 * {@link io.cleanport.core.spam.dns.DnsSpamChecks}. An unanswered lookup never counts against a message.
 */
package io.cleanport.core.spam.dns;
