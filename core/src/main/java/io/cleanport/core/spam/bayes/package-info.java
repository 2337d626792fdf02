/**
 * The statistical spam classifier: naive Bayes with Robinson's token probabilities and Fisher's
 * combining, over the tokens of a message's headers, text, HTML and links.
 *
 * <p>{@link io.cleanport.core.spam.bayes.SpamTokenizer} turns a {@link io.cleanport.core.spam.SpamMessage}
 * into a bounded {@link io.cleanport.core.spam.bayes.TokenizedMessage}; a
 * {@link io.cleanport.core.spam.bayes.TokenStore} (the gateway's database, shared by every MX node) keeps
 * how many spam and ham messages carried each token; {@link io.cleanport.core.spam.bayes.BayesClassifier}
 * reads those counts and answers a {@link io.cleanport.core.spam.bayes.BayesResult} with its evidence.
 * Learning (reported spam, released ham) adds a message's tokens to one class and moves them when the
 * same message is learned as the other. A default model ({@link io.cleanport.core.spam.bayes.ModelFile},
 * written by {@link io.cleanport.core.spam.bayes.TrainModel}) fills an empty store on first start.
 */
package io.cleanport.core.spam.bayes;
