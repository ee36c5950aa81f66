/**
 * The DqEvent contract as Avro: the generated classes (from src/main/avro) and the names of the
 * situation types. Uses only Avro; every other module depends on it.
 */
package dev.dqnotify.schemas;
