/**
 * Child processes and what starting them needs ({@code ChildProcess}, {@code Binaries},
 * {@code FreePorts}, {@code Deadline}, {@code LogTail}). Uses nothing else of dqnotify.
 */
package dev.dqnotify.localstack.process;
