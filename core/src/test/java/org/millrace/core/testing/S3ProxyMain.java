package org.millrace.core.testing;

/**
 * {@link S3ProxyServer} in a process of its own, for benchmarks that must not count the store's heap as theirs:
 * prints {@code s3 <endpoint> <access key> <secret key>} on one line, then serves until the process is stopped.
 */
public final class S3ProxyMain {
    private S3ProxyMain() {}

    public static void main(String[] args) throws InterruptedException {
        S3ProxyServer server = S3ProxyServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("s3 " + server.endpoint() + " " + server.accessKey() + " " + server.secretKey());
        System.out.flush();
        Thread.currentThread().join();
    }
}
