package ai.molecule.host.push;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS from a PEM certificate chain and an unencrypted PKCS#8 PEM key (what certbot and most
 * ingress tools write). Other key formats are refused with the {@code openssl} line that converts them.
 */
final class TlsFiles {

  private static final Pattern KEY = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]*)-----END",
      Pattern.DOTALL);

  private TlsFiles() {}

  static SSLContext context(Path certificate, Path key) throws MoleculeException {
    Collection<? extends Certificate> chain;
    try {
      chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate)));
    } catch (IOException | GeneralSecurityException e) {
      throw usage("--tls-cert " + certificate + " is not a readable PEM certificate (" + e.getMessage() + ")");
    }
    if (chain.isEmpty()) {
      throw usage("--tls-cert " + certificate + " holds no certificate");
    }
    PrivateKey privateKey = privateKey(key, chain.iterator().next().getPublicKey().getAlgorithm());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("molecule", privateKey, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw usage("--tls-key " + key + " does not go with --tls-cert " + certificate + " (" + e.getMessage() + ")");
    }
  }

  private static PrivateKey privateKey(Path key, String algorithm) throws MoleculeException {
    String pem;
    try {
      pem = Files.readString(key, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw usage("cannot read --tls-key " + key + " (" + e.getMessage() + ")");
    }
    Matcher m = KEY.matcher(pem);
    boolean found = m.find();
    if (!found || !m.group(1).isEmpty()) {
      String kind = found ? "an " + m.group(1).strip() + " private key" : "no PEM private key";
      throw usage("--tls-key " + key + " is " + kind + "; molecule reads an unencrypted PKCS#8 key (BEGIN PRIVATE"
          + " KEY): convert it with: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key-pkcs8.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).strip());
    } catch (IllegalArgumentException e) {
      throw usage("--tls-key " + key + " is not valid PEM (its base64 does not decode)");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw usage("--tls-key " + key + " is not a " + algorithm + " key for --tls-cert's certificate ("
          + e.getMessage() + ")");
    }
  }

  private static MoleculeException usage(String message) {
    return new MoleculeException(ExitCode.USAGE, message);
  }
}
