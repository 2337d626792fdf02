package io.cleanport.webadmin;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.quarantine.Quarantine;

/**
 * The James tasks of {@code POST /cleanport/quarantine?action=…}, followed at {@code /tasks/{id}}:
 * {@code purgeExpired} removes every entry that has expired ({@link Quarantine#purgeExpired()}),
 * {@code rebuildIndex} re-reads the quarantine repositories into the search index
 * ({@link Quarantine#rebuildIndex()}; searches see the old index until the new one is complete).
 *
 * <p>A failure midway ends the task {@link Result#PARTIAL PARTIAL}: a purge keeps what it removed and the
 * rest waits for the next purge; a failed rebuild leaves the old index in place. The tasks report no
 * additional information, so no DTO module is needed to show them in {@code /tasks}.
 */
public final class QuarantineTask implements Task {
    /** What a task does: the {@code action} parameter's value and the task type shown in {@code /tasks}. */
    public enum Action {
        PURGE_EXPIRED("purgeExpired", "cleanport-quarantine-purge"),
        REBUILD_INDEX("rebuildIndex", "cleanport-quarantine-rebuild-index");

        private final String parameter;
        private final TaskType type;

        Action(String parameter, String type) {
            this.parameter = parameter;
            this.type = TaskType.of(type);
        }

        public String parameter() {
            return parameter;
        }

        public TaskType type() {
            return type;
        }

        public static Optional<Action> of(String parameter) {
            return Arrays.stream(values()).filter(action -> action.parameter.equals(parameter)).findFirst();
        }

        /** The accepted values, for error messages. */
        public static String accepted() {
            return Arrays.stream(values()).map(Action::parameter).collect(Collectors.joining(", "));
        }
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineTask.class);

    private final Quarantine quarantine;
    private final Action action;

    public QuarantineTask(Quarantine quarantine, Action action) {
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    public Result run() {
        long started = System.nanoTime();
        try {
            long count = switch (action) {
                case PURGE_EXPIRED -> quarantine.purgeExpired();
                case REBUILD_INDEX -> quarantine.rebuildIndex();
            };
            LOGGER.info("Quarantine task {}: {} entries in {} ms", action.parameter(), count, elapsedMillis(started));
            return Result.COMPLETED;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("Quarantine task {} failed after {} ms", action.parameter(), elapsedMillis(started), e);
            return Result.PARTIAL;
        }
    }

    private static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @Override
    public TaskType type() {
        return action.type();
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.empty();
    }
}
