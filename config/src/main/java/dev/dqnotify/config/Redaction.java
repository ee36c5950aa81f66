package dev.dqnotify.config;

import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * dqnotify's one way to keep secrets out of anything a person or a log reads: which keys carry
 * secrets, user-info in URLs, and the known secret values of a configuration wherever they turn up
 * in a text (an exception message, a progress line).
 *
 * <p>A key is secret when it is a {@link Setting#secret} setting, when it ends with a Kafka client
 * property of type {@code PASSWORD} (as Kafka's own config dump hides them: {@code
 * ssl.key.password}, {@code ssl.keystore.password}, {@code sasl.jaas.config} …, also under a
 * scope such as {@code kafka.outbox.}), or when a word of it says so ({@code password},
 * {@code secret}, {@code credential}, {@code user.info}, {@code user-info}).
 */
public final class Redaction implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a masked value is shown as. */
  public static final String MASK = "<masked>";

  /**
   * The Kafka client properties of type PASSWORD, from the client's own definitions; a holder, so
   * that masking URLs needs no kafka-clients on the class path (the {@code schemas} module's users).
   */
  private static final class KafkaPasswords {
    static final Set<String> PROPERTIES = Stream.of(ConsumerConfig.configDef(),
            ProducerConfig.configDef(), AdminClientConfig.configDef())
        .flatMap(def -> def.configKeys().values().stream())
        .filter(key -> key.type == ConfigDef.Type.PASSWORD)
        .map(key -> key.name)
        .collect(Collectors.toUnmodifiableSet());
  }

  private static final Pattern SECRET_WORDS =
      Pattern.compile("password|passwd|secret|credential|user[.-]info|jaas");

  // scheme://user-info@ anywhere in a text; user-info cannot hold '/', '?', '#' or white space.
  private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");

  // password="…" (or secret …) inside a JAAS line: the value alone is what must not show.
  private static final Pattern JAAS_OPTION =
      Pattern.compile("([A-Za-z0-9_.-]*(?:password|secret)[A-Za-z0-9_.-]*)\\s*=\\s*\"([^\"]*)\"",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern USER_PASSWORD = Pattern.compile("[^:\\s]+:(\\S+)");

  /** Values shorter than this are not searched for in texts: "a" would mask every "a". */
  static final int SHORTEST_MASKED_VALUE = 4;

  private final List<String> secrets;

  private Redaction(Collection<String> secrets) {
    // A user:password secret (basic auth, URL user-info) may turn up as the password alone.
    this.secrets = secrets.stream().flatMap(secret -> {
      Matcher userInfo = USER_PASSWORD.matcher(secret);
      return userInfo.matches() ? Stream.of(secret, userInfo.group(1)) : Stream.of(secret);
    }).filter(s -> s.length() >= SHORTEST_MASKED_VALUE).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Masks only URL user-info; knows no secret values. */
  public static Redaction none() {
    return new Redaction(List.of());
  }

  /**
   * Masks URL user-info and every secret value of {@code properties}: the values of the keys
   * {@link #isSecretKey} names (and, of a JAAS line, each password or secret in it), and
   * the credentials in URL values.
   */
  public static Redaction of(Map<String, String> properties) {
    Set<String> secrets = new LinkedHashSet<>();
    properties.forEach((key, value) -> {
      if (value == null) {
        return;
      }
      if (isSecretKey(key)) {
        secrets.add(value.trim());
        Matcher jaas = JAAS_OPTION.matcher(value);
        while (jaas.find()) {
          secrets.add(jaas.group(2));
        }
      }
      Matcher url = URL_USER_INFO.matcher(value);
      while (url.find()) {
        String userInfo = url.group().substring(url.group(1).length(), url.group().length() - 1);
        secrets.add(userInfo);
      }
    });
    return new Redaction(secrets);
  }

  /** This redaction, also masking {@code more} secret values (e.g. an API key read from a file). */
  public Redaction with(Collection<String> more) {
    return new Redaction(Stream.concat(secrets.stream(), more.stream()).toList());
  }

  /**
   * Whether the value of {@code key} is a secret: a Kafka PASSWORD property (also after a prefix
   * such as {@code kafka.} or {@code kafka.source.}) or a key whose words say so.
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (int from = 0; ; ) {
      if (KafkaPasswords.PROPERTIES.contains(k.substring(from))) {
        return true;
      }
      int dot = k.indexOf('.', from);
      if (dot < 0) {
        break;
      }
      from = dot + 1;
    }
    return SECRET_WORDS.matcher(k).find();
  }

  /** {@code text} with the user-info of every URL in it replaced by {@value #MASK}. */
  public static String maskUserInfo(String text) {
    return text == null ? null : URL_USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
  }

  /** {@code value} as it may be shown for {@code key}: {@value #MASK} for a secret key, else without URL user-info. */
  public static String shown(String key, String value) {
    return isSecretKey(key) ? MASK : maskUserInfo(value);
  }

  /** {@code text} with URL user-info and every known secret value replaced by {@value #MASK}. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = maskUserInfo(text);
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  /**
   * {@code record} as a record's own {@code toString} shows it, with secrets masked: map entries
   * by {@link #shown}, every other value without URL user-info ({@link Secret}s show themselves
   * masked). For configuration records, whose components others keep adding.
   */
  public static String describe(Record record) {
    StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      Object value;
      try {
        value = components[i].getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        value = "?";
      }
      out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
      if (value instanceof Map<?, ?> map) {
        out.append(map.entrySet().stream()
            .map(e -> e.getKey() + "=" + shown(String.valueOf(e.getKey()), String.valueOf(e.getValue())))
            .collect(Collectors.joining(", ", "{", "}")));
      } else {
        out.append(maskUserInfo(String.valueOf(value)));
      }
    }
    return out.append(']').toString();
  }
}
