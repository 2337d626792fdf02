/**
 * ProTAG, the antivirus. {@link io.cleanport.core.antivirus.ProtagEngine} walks a message once (types from
 * content, archives, fingerprints), looks its files up among the learned signatures
 * ({@link io.cleanport.core.antivirus.SignatureIndex}, kept in step with the shared
 * {@link io.cleanport.core.antivirus.SignatureStore} by {@link io.cleanport.core.antivirus.SignatureSync}),
 * runs the heuristic {@link io.cleanport.core.antivirus.FileRule}s ({@link io.cleanport.core.antivirus.ProtagRules}),
 * and, optionally, clamd ({@link io.cleanport.core.antivirus.ClamdScanner}, over {@code zINSTREAM}). Every virus
 * verdict is learned at once. Failures (time-out, clamd down) raise
 * {@link io.cleanport.core.antivirus.ScanIncompleteException}: the mail is held, never passed unscanned.
 */
package io.cleanport.core.antivirus;
