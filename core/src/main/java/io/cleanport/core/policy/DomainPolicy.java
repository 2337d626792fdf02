package io.cleanport.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * How the gateway treats the mail of one protected domain. Every value is present: the defaults are
 * filled in when a document leaves fields out.
 *
 * <p>Defaults: no downstream, not catch-all, spam level 3, quarantine for every category, 25 MiB
 * maximum message size, quarantine kept 14 / 30 / 30 days (virus / spam / content), the recipient is
 * told about viruses, no ICT address, no relay networks.
 */
public final class DomainPolicy {
    private static final DomainPolicy DEFAULTS = builder().build();

    private final List<Downstream> downstream;
    private final boolean catchAll;
    private final int spamLevel;
    private final Actions actions;
    private final long maxMessageSize;
    private final QuarantineDays quarantineDays;
    private final Notifications notifications;
    private final List<Cidr> relayNetworks;

    private DomainPolicy(Builder builder) {
        this.downstream = List.copyOf(builder.downstream);
        this.catchAll = builder.catchAll;
        this.spamLevel = builder.spamLevel;
        this.actions = builder.actions;
        this.maxMessageSize = builder.maxMessageSize;
        this.quarantineDays = builder.quarantineDays;
        this.notifications = builder.notifications;
        this.relayNetworks = List.copyOf(builder.relayNetworks);
    }

    /** The policy of a domain whose document is {@code {}}. */
    public static DomainPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy's values. */
    public Builder toBuilder() {
        return new Builder()
            .downstream(downstream)
            .catchAll(catchAll)
            .spamLevel(spamLevel)
            .actions(actions)
            .maxMessageSize(maxMessageSize)
            .quarantineDays(quarantineDays)
            .notifications(notifications)
            .relayNetworks(relayNetworks);
    }

    /** The customer's servers, preferred first; empty until configured. */
    public List<Downstream> downstream() {
        return downstream;
    }

    /** Whether every local part of the domain is accepted (otherwise only the listed users). */
    public boolean catchAll() {
        return catchAll;
    }

    /** Spam sensitivity, 1 (least) to 5 (most). */
    public int spamLevel() {
        return spamLevel;
    }

    public Actions actions() {
        return actions;
    }

    /** Largest accepted message in bytes, at most {@link PolicyLimits#MAX_MESSAGE_SIZE}. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    public QuarantineDays quarantineDays() {
        return quarantineDays;
    }

    public Notifications notifications() {
        return notifications;
    }

    /** Networks of the customer's own servers, allowed to relay outgoing mail through the gateway. */
    public List<Cidr> relayNetworks() {
        return relayNetworks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainPolicy that
            && catchAll == that.catchAll
            && spamLevel == that.spamLevel
            && maxMessageSize == that.maxMessageSize
            && downstream.equals(that.downstream)
            && actions.equals(that.actions)
            && quarantineDays.equals(that.quarantineDays)
            && notifications.equals(that.notifications)
            && relayNetworks.equals(that.relayNetworks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(downstream, catchAll, spamLevel, actions, maxMessageSize, quarantineDays, notifications, relayNetworks);
    }

    @Override
    public String toString() {
        return "DomainPolicy{downstream=" + downstream + ", catchAll=" + catchAll + ", spamLevel=" + spamLevel
            + ", actions=" + actions + ", maxMessageSize=" + maxMessageSize + ", quarantineDays=" + quarantineDays
            + ", notifications=" + notifications + ", relayNetworks=" + relayNetworks + "}";
    }

    /** Builds a {@link DomainPolicy}; unset values keep their defaults. Values are checked when set. */
    public static final class Builder {
        private List<Downstream> downstream = List.of();
        private boolean catchAll = false;
        private int spamLevel = PolicyLimits.DEFAULT_SPAM_LEVEL;
        private Actions actions = Actions.DEFAULTS;
        private long maxMessageSize = PolicyLimits.MAX_MESSAGE_SIZE;
        private QuarantineDays quarantineDays = QuarantineDays.DEFAULTS;
        private Notifications notifications = Notifications.DEFAULTS;
        private List<Cidr> relayNetworks = List.of();

        private Builder() {
        }

        /** @throws PolicyValidationException naming {@code downstream} if there are more than 10 */
        public Builder downstream(List<Downstream> servers) {
            if (servers.size() > PolicyLimits.MAX_DOWNSTREAM) {
                throw new PolicyValidationException("downstream", "at most " + PolicyLimits.MAX_DOWNSTREAM
                    + " servers are accepted (got " + servers.size() + ")");
            }
            this.downstream = List.copyOf(servers);
            return this;
        }

        public Builder catchAll(boolean catchAll) {
            this.catchAll = catchAll;
            return this;
        }

        /** @throws PolicyValidationException naming {@code spamLevel} unless 1..5 */
        public Builder spamLevel(int spamLevel) {
            this.spamLevel = PolicyLimits.checkSpamLevel("spamLevel", spamLevel);
            return this;
        }

        public Builder actions(Actions actions) {
            this.actions = Objects.requireNonNull(actions);
            return this;
        }

        /** @throws PolicyValidationException naming {@code maxMessageSize} unless 1..26214400 */
        public Builder maxMessageSize(long maxMessageSize) {
            this.maxMessageSize = PolicyLimits.checkMaxMessageSize("maxMessageSize", maxMessageSize);
            return this;
        }

        public Builder quarantineDays(QuarantineDays quarantineDays) {
            this.quarantineDays = Objects.requireNonNull(quarantineDays);
            return this;
        }

        public Builder notifications(Notifications notifications) {
            this.notifications = Objects.requireNonNull(notifications);
            return this;
        }

        /** @throws PolicyValidationException naming {@code relayNetworks} if there are more than 100 */
        public Builder relayNetworks(List<Cidr> networks) {
            if (networks.size() > PolicyLimits.MAX_RELAY_NETWORKS) {
                throw new PolicyValidationException("relayNetworks", "at most " + PolicyLimits.MAX_RELAY_NETWORKS
                    + " networks are accepted (got " + networks.size() + ")");
            }
            this.relayNetworks = List.copyOf(networks);
            return this;
        }

        public DomainPolicy build() {
            return new DomainPolicy(this);
        }
    }
}
