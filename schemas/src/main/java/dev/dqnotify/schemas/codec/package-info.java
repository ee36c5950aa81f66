/**
 * The Confluent wire format (magic byte, schema id, Avro body) and the codec that encodes and decodes
 * DqEvents with ids from a schema registry. May use {@code registry}.
 */
package dev.dqnotify.schemas.codec;
