package io.cleanport.assembly;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway in a process of its own, started like the launcher does, so a test can kill it with
 * SIGKILL and start it again over the same state directory.
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int webAdminPort;

    private GatewayProcess(Process process, int webAdminPort) {
        this.process = process;
        this.webAdminPort = webAdminPort;
    }

    static GatewayProcess start(Path home, Path conf, int smtpPort, int webAdminPort, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CleanPortServer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CLEANPORT_HOME", home.toString());
        builder.environment().put("CLEANPORT_CONF", conf.toString());
        builder.environment().put("CLEANPORT_BIND", "127.0.0.1");
        builder.environment().put("CLEANPORT_SMTP_PORT", String.valueOf(smtpPort));
        builder.environment().put("CLEANPORT_WEBADMIN_HOST", "127.0.0.1");
        builder.environment().put("CLEANPORT_WEBADMIN_PORT", String.valueOf(webAdminPort));
        builder.directory(new File(System.getProperty("user.dir")));
        GatewayProcess gateway = new GatewayProcess(builder.start(), webAdminPort);
        gateway.awaitHealthy(Duration.ofSeconds(120), log);
        return gateway;
    }

    private void awaitHealthy(Duration timeout, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (TestGateway.request(webAdminPort, "GET", "/healthcheck", null).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not become healthy within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no flush, exactly like a crash or a power cut of the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway process survived SIGKILL");
        }
    }

    /** SIGTERM, as an init system stops the launcher; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
