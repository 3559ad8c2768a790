package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.MoleculeException;
import ai.molecule.spi.Reply;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from a PEM pair. The pair is generated in the test: {@code keytool} (the JDK's) makes a
 * self-signed RSA key in a PKCS#12 store, and the JDK's own APIs write it out as the PEM files an
 * operator would have (the certificate, and the key as unencrypted PKCS#8).
 */
class PushTlsTest {

  @TempDir Path dir;

  @Test
  void servesHttpsFromAPemCertificateAndKey() throws Exception {
    KeyStore store = generate();
    Path cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", store.getCertificate("push").getEncoded());
    Path key = pem(dir.resolve("key.pem"), "PRIVATE KEY", store.getKey("push", "changeit".toCharArray()).getEncoded());
    PushSettings settings = PushSettings.of(URI.create("https://127.0.0.1" + PushRun.BASE),
        new InetSocketAddress("127.0.0.1", 0), cert, key, false);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, trust.getTrustManagers(), null);
    HttpClient https = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_1_1).build();
    try (PushRun run = new PushRun(message -> Reply.text("secure " + message.text()), dir.resolve("state"),
        dir.resolve("data"), settings, https, ai.molecule.host.engine.WorkspaceObserver.NONE)) {
      assertEquals("https", run.url("").getScheme());
      HttpResponse<String> answer = run.post(PushRun.call("r", "m", "c", "hi"));
      assertEquals(200, answer.statusCode());
      assertEquals("secure hi", PushRun.text(answer));
    }
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedWithTheConversion() throws Exception {
    KeyStore store = generate();
    Path cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", store.getCertificate("push").getEncoded());
    Path rsa = pem(dir.resolve("rsa.pem"), "RSA PRIVATE KEY", new byte[] {1, 2, 3});
    MoleculeException e = assertThrows(MoleculeException.class, () -> TlsFiles.context(cert, rsa));
    assertEquals(2, e.exitCode().code());
    assertTrue(e.getMessage().contains("is an RSA private key; molecule reads an unencrypted PKCS#8 key"),
        e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in " + rsa), e.getMessage());
    Path encrypted = pem(dir.resolve("enc.pem"), "ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3});
    assertTrue(assertThrows(MoleculeException.class, () -> TlsFiles.context(cert, encrypted)).getMessage()
        .contains("is an ENCRYPTED private key"));
    MoleculeException notACert = assertThrows(MoleculeException.class, () -> TlsFiles.context(rsa, rsa));
    assertTrue(notACert.getMessage().startsWith("--tls-cert " + rsa), notACert.getMessage());
  }

  private KeyStore generate() throws Exception {
    Path keystore = dir.resolve("push.p12");
    if (!Files.exists(keystore)) {
      Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "push", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    return store;
  }

  private static Path pem(Path file, String type, byte[] der) throws Exception {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
  }
}
