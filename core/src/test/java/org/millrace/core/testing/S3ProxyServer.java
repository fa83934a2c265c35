package org.millrace.core.testing;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.millrace.core.storage.S3Settings;

/** An in-memory S3 server (S3Proxy) on an ephemeral 127.0.0.1 port with random credentials, for tests. */
public final class S3ProxyServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final BlobStore blobs;
    private S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3ProxyServer(BlobStore blobs, S3Proxy proxy, URI endpoint, String accessKey, String secretKey) {
        this.blobs = blobs;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a fresh server with its own empty in-memory blob store. */
    public static S3ProxyServer start() {
        String accessKey = "AK" + randomHex(9).toUpperCase();
        String secretKey = randomHex(20);
        BlobStore blobs = new TransientNio2BlobStore();
        S3Proxy proxy = run(blobs, URI.create("http://127.0.0.1:0"), accessKey, secretKey);
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        return new S3ProxyServer(blobs, proxy, endpoint, accessKey, secretKey);
    }

    /** Stops answering (connections are refused) until {@link #restart()}; the objects are kept. */
    public synchronized void stop() {
        stopQuietly(proxy);
    }

    /** Serves the same objects again on the same port, after {@link #stop()}. */
    public synchronized void restart() {
        proxy = run(blobs, endpoint, accessKey, secretKey);
    }

    private static S3Proxy run(BlobStore blobs, URI endpoint, String accessKey, String secretKey) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start, state " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return proxy;
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Settings for a bucket on this server; the bucket is created by whoever uses the settings. */
    public S3Settings settings(String bucket) {
        return new S3Settings(endpoint.toString(), accessKey, secretKey, bucket, REGION);
    }

    @Override
    public synchronized void close() {
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // Shutting down a test server; nothing useful to do with the failure.
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
