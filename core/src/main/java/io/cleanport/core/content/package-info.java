/**
 * Content rules: what a domain, or one of its recipients, wants filtered besides viruses and spam
 * (a sender, a sender domain, an attachment type, words or an expression in the text, a header, a
 * size), each with an optional action of its own. {@link io.cleanport.core.content.ContentRule} is the
 * validated rule and documents every value syntax, {@link io.cleanport.core.content.ContentRuleCodec}
 * its JSON form, {@link io.cleanport.core.content.ContentRuleStore} where rules live
 * ({@link io.cleanport.core.content.JdbcContentRuleStore} on Derby or PostgreSQL, behind a
 * {@link io.cleanport.core.content.CachingContentRuleStore} in the mail pipeline).
 */
package io.cleanport.core.content;
