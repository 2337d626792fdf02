package io.cleanport.core.antivirus;

import java.io.IOException;
import java.io.InputStream;

/**
 * The raw bytes of a message as received (header, blank line, body), readable more than once: the walk
 * reads it, and clamd, when configured, reads it again. Each call gives a new stream the caller closes.
 */
@FunctionalInterface
public interface MessageSource {
    InputStream open() throws IOException;
}
