package io.cleanport.guice;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryStore.MailRepositoryStoreException;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineEntryCodec;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantineStorage;
import io.cleanport.core.quarantine.RepositoryLocation;

/**
 * The three quarantines as James mail repositories (by default {@code jpa://var/mail/quarantine/virus/},
 * {@code .../spam/}, {@code .../content/} in the server's database): one mail per entry, named by the
 * entry's id, for its one recipient, with the entry's JSON in the attribute
 * {@value #ENTRY_ATTRIBUTE}. The repositories can be browsed with James's own
 * {@code /mailRepositories} routes too.
 */
public class MailRepositoryQuarantineStorage implements QuarantineStorage {
    public static final String ENTRY_ATTRIBUTE = "cleanport.quarantine.entry";
    private static final AttributeName ENTRY = AttributeName.of(ENTRY_ATTRIBUTE);
    private static final Logger LOGGER = LoggerFactory.getLogger(MailRepositoryQuarantineStorage.class);

    private final MailRepositoryStore store;
    private final Map<QuarantineCategory, MailRepositoryUrl> urls;
    private final QuarantineEntryCodec codec = new QuarantineEntryCodec();

    public MailRepositoryQuarantineStorage(MailRepositoryStore store, Map<QuarantineCategory, MailRepositoryUrl> urls) {
        this.store = Objects.requireNonNull(store, "store");
        this.urls = new EnumMap<>(urls);
        for (QuarantineCategory category : QuarantineCategory.values()) {
            if (!this.urls.containsKey(category)) {
                throw new IllegalArgumentException("no repository for the " + category.jsonValue() + " quarantine");
            }
        }
    }

    @Override
    public RepositoryLocation locationOf(QuarantineCategory category, QuarantineId id) {
        return RepositoryLocation.of(urls.get(category).asString(), id.asString());
    }

    @Override
    public void store(QuarantineEntry entry, MimeMessage message) throws MessagingException {
        MailImpl mail = MailImpl.builder()
            .name(entry.location().mailKey())
            .sender(entry.senderAddress())
            .addRecipient(entry.recipientAddress())
            .mimeMessage(message)
            .state(Mail.DEFAULT)
            // The entry holds what matters; JPAMailRepository's REMOTE_ADDR column cannot hold an IPv6 address.
            .remoteAddr("127.0.0.1")
            .remoteHost("localhost")
            .addAttribute(new Attribute(ENTRY, AttributeValue.of(codec.write(entry))))
            .build();
        try {
            repository(entry.location()).store(mail);
        } finally {
            mail.dispose();
        }
    }

    @Override
    public boolean update(QuarantineEntry entry) throws MessagingException {
        MailRepository repository = repository(entry.location());
        Mail mail = repository.retrieve(new MailKey(entry.location().mailKey()));
        if (mail == null) {
            return false;
        }
        try {
            mail.setAttribute(new Attribute(ENTRY, AttributeValue.of(codec.write(entry))));
            repository.store(mail);
            return true;
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    @Override
    public boolean writeMessage(RepositoryLocation location, OutputStream out) throws MessagingException, IOException {
        Mail mail = repository(location).retrieve(new MailKey(location.mailKey()));
        if (mail == null) {
            return false;
        }
        try {
            // An unmodified MimeMessageWrapper writes its source: the stored bytes, headers as they were.
            mail.getMessage().writeTo(out);
            return true;
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    @Override
    public Optional<MimeMessage> message(RepositoryLocation location) throws MessagingException {
        Mail mail = repository(location).retrieve(new MailKey(location.mailKey()));
        return Optional.ofNullable(mail).map(this::messageOf);
    }

    private MimeMessage messageOf(Mail mail) {
        try {
            return mail.getMessage();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean remove(RepositoryLocation location) throws MessagingException {
        MailRepository repository = repository(location);
        MailKey key = new MailKey(location.mailKey());
        Mail mail = repository.retrieve(key);
        if (mail == null) {
            return false;
        }
        LifecycleUtil.dispose(mail);
        repository.remove(key);
        return true;
    }

    @Override
    public long count() throws MessagingException {
        long count = 0;
        for (MailRepositoryUrl url : urls.values()) {
            count += repository(url).size();
        }
        return count;
    }

    @Override
    public Stream<QuarantineEntry> entries() throws MessagingException {
        Stream<QuarantineEntry> all = Stream.empty();
        for (MailRepositoryUrl url : urls.values()) {
            MailRepository repository = repository(url);
            Iterator<MailKey> keys = repository.list();
            Stream<QuarantineEntry> entries = StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys, 0), false)
                .flatMap(key -> read(url, repository, key).stream());
            all = Stream.concat(all, entries);
        }
        return all;
    }

    private Optional<QuarantineEntry> read(MailRepositoryUrl url, MailRepository repository, MailKey key) {
        try {
            Mail mail = repository.retrieve(key);
            if (mail == null) {
                return Optional.empty();
            }
            try {
                Optional<Attribute> attribute = mail.getAttribute(ENTRY);
                if (attribute.isEmpty() || !(attribute.get().getValue().getValue() instanceof String json)) {
                    LOGGER.warn("Quarantine repository {}: mail {} has no {} attribute; not indexed", url.asString(), key.asString(),
                        ENTRY_ATTRIBUTE);
                    return Optional.empty();
                }
                return Optional.of(codec.read(json));
            } finally {
                LifecycleUtil.dispose(mail);
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Quarantine repository {}: mail {} cannot be read ({}); not indexed", url.asString(), key.asString(),
                e.toString());
            return Optional.empty();
        }
    }

    private MailRepository repository(RepositoryLocation location) throws MessagingException {
        return repository(MailRepositoryUrl.from(location.repositoryUrl()));
    }

    private MailRepository repository(MailRepositoryUrl url) throws MessagingException {
        try {
            return store.select(url);
        } catch (MailRepositoryStoreException e) {
            throw new MessagingException("quarantine repository " + url.asString() + " is not available: " + e.getMessage(), e);
        }
    }
}
