package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.deliver.FinalOutcome;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a record goes to the dead-letter topic; becomes its {@code dqnotify.errors.*} headers.
 *
 * @param stage the stage that gave up on it
 * @param exceptionClass the class of the failure, e.g. {@code dev.dqnotify.schemas.codec.WireFormatException}
 * @param exceptionMessage what went wrong, for a human
 * @param httpStatus Datadog's status when Datadog rejected it
 * @param httpBody an excerpt of Datadog's answer when Datadog rejected it
 */
public record DeadLetter(DeadLetterFormat.Stage stage, String exceptionClass, String exceptionMessage, OptionalInt httpStatus,
    Optional<String> httpBody) {

  /** The record failed in {@code stage} with {@code failure}. */
  public static DeadLetter failure(DeadLetterFormat.Stage stage, Throwable failure) {
    return new DeadLetter(stage, failure.getClass().getName(), String.valueOf(failure.getMessage()), OptionalInt.empty(),
        Optional.empty());
  }

  /** Datadog rejected the notification the record was part of. */
  public static DeadLetter rejected(FinalOutcome.Rejected rejection) {
    return new DeadLetter(DeadLetterFormat.Stage.DELIVER, FinalOutcome.Rejected.class.getName(),
        "Datadog rejected the event with HTTP " + rejection.status() + ": " + rejection.bodyExcerpt(),
        OptionalInt.of(rejection.status()), Optional.ofNullable(rejection.bodyExcerpt()));
  }
}
