package dev.dqnotify.localstack.datadog;

import java.util.Map;

/** What a scripted fault does to a request instead of letting the simulated Datadog serve it. */
sealed interface Interruption {

  /** Answer with this status, headers and JSON body. */
  record Reply(int status, Map<String, String> headers, String body) implements Interruption {
    public Reply {
      headers = Map.copyOf(headers);
    }
  }

  /** Close the connection without a (complete) response. */
  record Drop(Faults.ConnectionDrop mode) implements Interruption {}
}
