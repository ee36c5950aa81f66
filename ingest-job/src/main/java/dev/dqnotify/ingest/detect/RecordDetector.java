package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.List;

/** Recognises one kind of situation in one record; runs on Spark executors. */
interface RecordDetector extends Serializable {

  /** The situations of this detector's kind that {@code record} raises; usually none. */
  List<Situation> detect(ParsedRecord record);
}
