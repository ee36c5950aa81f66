package dev.dqnotify.forwarder.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One {@code dq-forwarder} tool command run in this JVM, with the scenario's settings as
 * {@code --conf key=value} and its exit code, stdout and stderr captured.
 *
 * @param exitCode the command's exit code
 * @param out what it printed on stdout (the summary)
 * @param err what it printed on stderr (progress, notes, errors)
 */
public record CommandRun(int exitCode, String out, String err) {

  /** Runs {@code command} (a picocli command object) with {@code args} then every setting. */
  public static CommandRun of(Object command, Map<String, String> settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    settings.forEach((key, value) -> all.add("--conf=" + key + "=" + value));
    int code = commandLine.execute(all.toArray(String[]::new));
    return new CommandRun(code, out.toString(), err.toString());
  }

  /** For assertion messages. */
  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
