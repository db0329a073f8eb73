package io.gridhall.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Every log line of the test JVM, in one file for the whole run ({@code target/test-logs/suite.log}),
 * for {@link LogLeaks} to scan when the suite ends. Logback is configured again by every Spring context
 * that starts, so the file is opened once per JVM here rather than by a file appender (which would
 * truncate it each time).
 */
public class SuiteLog extends AppenderBase<ILoggingEvent> {

    public static final Path FILE = Path.of("target", "test-logs", "suite.log");

    private static BufferedWriter writer;

    private static synchronized BufferedWriter writer() throws IOException {
        if (writer == null) {
            Files.createDirectories(FILE.getParent());
            writer = Files.newBufferedWriter(
                    FILE,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
        return writer;
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(Instant.ofEpochMilli(event.getTimeStamp()))
                .append(' ')
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(" - ")
                .append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        write(line.append('\n').toString());
    }

    private static synchronized void write(String text) {
        try {
            BufferedWriter out = writer();
            out.write(text);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
