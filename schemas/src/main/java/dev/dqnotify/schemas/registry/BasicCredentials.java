package dev.dqnotify.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP basic-auth credentials for the schema registry. A secret: {@link #toString()} masks the
 * password, and no message of this module ever contains it.
 */
public final class BasicCredentials {

  private final String user;
  private final String password;

  private BasicCredentials(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /**
   * Credentials from a user name and a password.
   *
   * @throws IllegalArgumentException if the user is empty or contains ':' (basic auth could not
   *     tell where it ends), or the password is null
   */
  public static BasicCredentials of(String user, String password) {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException(
          "basic auth user is empty; give credentials as user:password");
    }
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "basic auth user must not contain ':'; give credentials as user:password");
    }
    if (password == null) {
      throw new IllegalArgumentException(
          "basic auth password is missing; give credentials as user:password");
    }
    return new BasicCredentials(user, password);
  }

  /**
   * Credentials from {@code user:password}, as Confluent's {@code basic.auth.user.info} and URL
   * user-info give them. The password is everything after the first ':' and may contain ':'.
   *
   * @throws IllegalArgumentException without repeating the value, which may be a secret
   */
  public static BasicCredentials parse(String userInfo) {
    if (userInfo == null || userInfo.isEmpty()) {
      throw new IllegalArgumentException(
          "basic auth user-info is empty; give credentials as user:password");
    }
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "basic auth user-info has no ':' (value not shown, it may be a secret);"
              + " give credentials as user:password");
    }
    return of(userInfo.substring(0, colon), userInfo.substring(colon + 1));
  }

  /** The user name (not a secret: it appears in {@link #toString()}). */
  public String user() {
    return user;
  }

  /** Package-private: only the client needs the password, to redact it from registry answers. */
  String password() {
    return password;
  }

  /** The value of the {@code Authorization} header. */
  String authorizationHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BasicCredentials other
        && user.equals(other.user)
        && password.equals(other.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, password);
  }

  @Override
  public String toString() {
    return "BasicCredentials[user=" + user + ", password=<masked>]";
  }
}
