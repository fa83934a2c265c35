package org.millrace.server.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's object storage, the MinIO stand-in: S3Proxy's own main ({@code org.gaul.s3proxy.Main}) in a JVM of
 * its own on a loopback port, with random credentials and an in-memory store, its classpath the test classpath.
 */
final class S3ServerProcess implements AutoCloseable {
    static final String REGION = "us-east-1";

    private final Process process;
    private final Path log;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private S3ServerProcess(Process process, Path log, int port, String accessKey, String secretKey) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    static S3ServerProcess start(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        String accessKey = "AK" + randomHex(9).toUpperCase();
        String secretKey = randomHex(20);
        Path properties = dir.resolve("s3proxy.properties");
        Files.write(
                properties,
                List.of(
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=transient-nio2",
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey));
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx192m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.gaul.s3proxy.Main",
                        "--properties",
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ServerProcess server = new S3ServerProcess(process, log, port, accessKey, secretKey);
        server.awaitListening();
        return server;
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
