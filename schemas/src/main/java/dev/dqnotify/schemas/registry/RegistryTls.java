package dev.dqnotify.schemas.registry;

import dev.dqnotify.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS of the registry connection beyond the JVM's defaults: a trust store (which servers to trust,
 * for a registry whose certificate a private CA signed) and a key store (the client's own
 * certificate, for mutual TLS), as Confluent's {@code schema.registry.ssl.truststore.*} and
 * {@code schema.registry.ssl.keystore.*} give them. Without a trust store the JVM's default trust
 * (cacerts, {@code javax.net.ssl.trustStore}) applies; without a key store no client certificate is
 * sent.
 *
 * @param truststore whom to trust; empty for the JVM's default
 * @param keystore the client's key and certificate; empty for none
 * @param keyPassword the password of the key in the key store; empty: the key store's password
 */
public record RegistryTls(Optional<Store> truststore, Optional<Store> keystore, Optional<Secret> keyPassword) {

  /**
   * A key or trust store file.
   *
   * @param location the file
   * @param password its password; empty for none (a trust store in PKCS12 may have none)
   * @param type {@code PKCS12} or {@code JKS} (either reads both on Java 17)
   */
  public record Store(Path location, Optional<Secret> password, String type) {
    /** Checks that there is a location and a type. */
    public Store {
      if (location == null) {
        throw new IllegalArgumentException("a key or trust store needs a location (a file)");
      }
      password = password == null ? Optional.empty() : password;
      type = type == null || type.isBlank() ? KeyStore.getDefaultType() : type.trim();
    }

    private char[] passwordChars() {
      return password.map(p -> p.reveal().toCharArray()).orElse(null);
    }

    /** The store, loaded; a mistake says which store and file and why, never the password. */
    KeyStore load(String role) {
      KeyStore store;
      try {
        store = KeyStore.getInstance(type);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("the " + role + " type '" + type + "' is not known; use PKCS12 or JKS");
      }
      try (InputStream in = Files.newInputStream(location)) {
        store.load(in, passwordChars());
        return store;
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("the " + role + " " + location.toAbsolutePath() + " does not exist");
      } catch (IOException | GeneralSecurityException e) {
        // KeyStore says "keystore password was incorrect" and the like; never the password itself.
        throw new IllegalArgumentException("the " + role + " " + location.toAbsolutePath() + " cannot be read as "
            + type + ": " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "Store[location=" + location + ", password=" + password.map(p -> "<masked>").orElse("(none)")
          + ", type=" + type + "]";
    }
  }

  /** Normalises nulls to empty. */
  public RegistryTls {
    truststore = truststore == null ? Optional.empty() : truststore;
    keystore = keystore == null ? Optional.empty() : keystore;
    keyPassword = keyPassword == null ? Optional.empty() : keyPassword;
  }

  /**
   * The TLS context these stores make; a mistake (missing file, wrong password, wrong type) says which
   * store and why.
   *
   * @throws IllegalArgumentException when a store cannot be read or holds no usable key
   */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(truststore.map(store -> store.load("truststore")).orElse(null));
      KeyManagerFactory keys = null;
      if (keystore.isPresent()) {
        Store store = keystore.get();
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = keyPassword.map(p -> p.reveal().toCharArray()).orElseGet(store::passwordChars);
        try {
          keys.init(store.load("keystore"), password);
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("the key in the keystore " + store.location().toAbsolutePath()
              + " cannot be opened (" + e.getMessage() + "); check the key password");
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS for the schema registry cannot be set up: " + e.getMessage());
    }
  }
}
