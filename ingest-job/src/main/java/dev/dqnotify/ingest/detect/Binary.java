package dev.dqnotify.ingest.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Strings in the detectors' binary forms (state files, task results): UTF-8 with an int length, so
 * any length is allowed ({@link DataOutput#writeUTF} stops at 64 KB); -1 for null.
 */
final class Binary {
  private Binary() {}

  static void writeString(DataOutput out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static void writeNullableString(DataOutput out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
    } else {
      writeString(out, value);
    }
  }

  static String readString(DataInput in) throws IOException {
    String value = readNullableString(in);
    if (value == null) {
      throw new IOException("a string is missing");
    }
    return value;
  }

  static String readNullableString(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
