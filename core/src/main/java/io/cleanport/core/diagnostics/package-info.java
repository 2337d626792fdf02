/**
 * Diagnostics of customers' mail servers, run from the gateway on an administrator's request.
 * {@link io.cleanport.core.diagnostics.DownstreamProbe} checks that the gateway can deliver to a
 * {@link io.cleanport.core.policy.Downstream} (connection, greeting, extensions, STARTTLS);
 * {@link io.cleanport.core.diagnostics.OpenRelayProbe} checks that it does not relay for outside recipients.
 * Both speak SMTP through {@link io.cleanport.core.diagnostics.SmtpConversation}, bounded in time and size by
 * {@link io.cleanport.core.diagnostics.SmtpProbeSettings}, send no mail, and turn every network problem into
 * a sentence in their report rather than an exception. {@link io.cleanport.core.diagnostics.DomainDiagnostics}
 * runs them, with the MX check and the domain's {@link io.cleanport.core.diagnostics.DeliveryBacklog}, for one
 * protected domain.
 */
package io.cleanport.core.diagnostics;
