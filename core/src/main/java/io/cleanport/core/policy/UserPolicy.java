package io.cleanport.core.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One recipient's overrides of its domain's policy. Every value is optional; an absent value is
 * inherited from the domain. The empty policy ({@code {}}) still matters: for a domain that is not
 * catch-all, the users that have a policy are the valid recipients.
 */
public final class UserPolicy {
    private static final UserPolicy EMPTY = builder().build();

    private final Optional<Integer> spamLevel;
    private final Optional<VirusAction> virusAction;
    private final Optional<FilterAction> spamAction;
    private final Optional<FilterAction> contentAction;
    private final Optional<Long> maxMessageSize;
    private final Optional<Boolean> virusToRecipient;

    private UserPolicy(Builder builder) {
        this.spamLevel = builder.spamLevel;
        this.virusAction = builder.virusAction;
        this.spamAction = builder.spamAction;
        this.contentAction = builder.contentAction;
        this.maxMessageSize = builder.maxMessageSize;
        this.virusToRecipient = builder.virusToRecipient;
    }

    /** No overrides: the recipient exists and inherits everything. */
    public static UserPolicy empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Integer> spamLevel() {
        return spamLevel;
    }

    public Optional<VirusAction> virusAction() {
        return virusAction;
    }

    public Optional<FilterAction> spamAction() {
        return spamAction;
    }

    public Optional<FilterAction> contentAction() {
        return contentAction;
    }

    public Optional<Long> maxMessageSize() {
        return maxMessageSize;
    }

    public Optional<Boolean> virusToRecipient() {
        return virusToRecipient;
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserPolicy that
            && spamLevel.equals(that.spamLevel)
            && virusAction.equals(that.virusAction)
            && spamAction.equals(that.spamAction)
            && contentAction.equals(that.contentAction)
            && maxMessageSize.equals(that.maxMessageSize)
            && virusToRecipient.equals(that.virusToRecipient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spamLevel, virusAction, spamAction, contentAction, maxMessageSize, virusToRecipient);
    }

    @Override
    public String toString() {
        return "UserPolicy{spamLevel=" + spamLevel + ", virusAction=" + virusAction + ", spamAction=" + spamAction
            + ", contentAction=" + contentAction + ", maxMessageSize=" + maxMessageSize
            + ", virusToRecipient=" + virusToRecipient + "}";
    }

    /** Builds a {@link UserPolicy}; values are checked when set. */
    public static final class Builder {
        private Optional<Integer> spamLevel = Optional.empty();
        private Optional<VirusAction> virusAction = Optional.empty();
        private Optional<FilterAction> spamAction = Optional.empty();
        private Optional<FilterAction> contentAction = Optional.empty();
        private Optional<Long> maxMessageSize = Optional.empty();
        private Optional<Boolean> virusToRecipient = Optional.empty();

        private Builder() {
        }

        /** @throws PolicyValidationException naming {@code spamLevel} unless 1..5 */
        public Builder spamLevel(int spamLevel) {
            this.spamLevel = Optional.of(PolicyLimits.checkSpamLevel("spamLevel", spamLevel));
            return this;
        }

        public Builder virusAction(VirusAction action) {
            this.virusAction = Optional.of(action);
            return this;
        }

        public Builder spamAction(FilterAction action) {
            this.spamAction = Optional.of(action);
            return this;
        }

        public Builder contentAction(FilterAction action) {
            this.contentAction = Optional.of(action);
            return this;
        }

        /** @throws PolicyValidationException naming {@code maxMessageSize} unless 1..26214400 */
        public Builder maxMessageSize(long maxMessageSize) {
            this.maxMessageSize = Optional.of(PolicyLimits.checkMaxMessageSize("maxMessageSize", maxMessageSize));
            return this;
        }

        public Builder virusToRecipient(boolean virusToRecipient) {
            this.virusToRecipient = Optional.of(virusToRecipient);
            return this;
        }

        public UserPolicy build() {
            return new UserPolicy(this);
        }
    }
}
