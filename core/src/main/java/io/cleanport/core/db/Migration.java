package io.cleanport.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One versioned step of a component's schema: the SQL statements that bring it from
 * {@code version - 1} to {@code version}. Standard SQL only, so one text serves Derby and PostgreSQL.
 *
 * @param version    1 for the first migration of a component, then 2, 3, ...
 * @param statements the SQL statements, each without its terminating semicolon
 */
public record Migration(int version, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, got " + version);
        }
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }

    public static Migration of(int version, String... statements) {
        return new Migration(version, List.of(statements));
    }

    /**
     * Loads a migration from a classpath resource such as {@code /io/cleanport/core/db/policies/V1.sql}:
     * statements end with a {@code ;} at the end of a line (or a {@code ;} alone on a line); lines
     * starting with {@code --} are comments.
     *
     * @throws IllegalStateException if the resource is missing or unreadable
     */
    public static Migration fromResource(int version, String resource) {
        return readResource(resource)
            .map(text -> new Migration(version, split(text)))
            .orElseThrow(() -> new IllegalStateException("Missing migration resource " + resource));
    }

    /**
     * Loads {@code V1.sql}, {@code V2.sql}, ... from a classpath folder, stopping at the first missing
     * version.
     *
     * @param folder e.g. {@code /io/cleanport/core/db/policies/}
     */
    public static List<Migration> fromResourceFolder(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<Migration> migrations = new ArrayList<>();
        for (int version = 1; ; version++) {
            Optional<String> text = readResource(prefix + "V" + version + ".sql");
            if (text.isEmpty()) {
                return List.copyOf(migrations);
            }
            migrations.add(new Migration(version, split(text.get())));
        }
    }

    private static Optional<String> readResource(String resource) {
        try (InputStream in = Migration.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration resource " + resource, e);
        }
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
