/**
 * JUnit 5 support: the local stack per test class ({@code LocalStackExtension}) and the one test
 * clock ({@code MutableClock}). May use the server packages of the local stack.
 */
package dev.dqnotify.localstack.junit;
