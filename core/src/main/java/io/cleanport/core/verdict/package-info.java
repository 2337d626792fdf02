/**
 * The verdicts of the filtering pipeline: what a step found ({@link io.cleanport.core.verdict.Category}),
 * which rules hit and why ({@link io.cleanport.core.verdict.RuleHit}, defined by a
 * {@link io.cleanport.core.verdict.Rule}), and their compact JSON form stored as a James mail attribute
 * ({@link io.cleanport.core.verdict.VerdictCodec}): mailets write verdicts, matchers read them and
 * compare them with each recipient's policy.
 */
package io.cleanport.core.verdict;
