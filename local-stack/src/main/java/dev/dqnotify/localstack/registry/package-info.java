/**
 * The Apicurio schema registry in its own JVM ({@code SchemaRegistryServer}), Confluent API. May use
 * {@code process/} and the unpacked registry of {@code local-stack-binaries}.
 */
package dev.dqnotify.localstack.registry;
