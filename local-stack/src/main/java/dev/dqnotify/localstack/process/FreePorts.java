package dev.dqnotify.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on the loopback interface, for children that need their port up front. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * A port that was free a moment ago. A child started right after binds it; the small race with
   * other programs is accepted for a local test stack.
   */
  public static int next() {
    return distinct(1)[0];
  }

  /**
   * {@code count} ports that were free a moment ago, all different: each is held open until all
   * are found, so the system cannot hand out the same port twice (as it may to calls of
   * {@link #next()} one after the other).
   */
  public static int[] distinct(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        socket.setReuseAddress(true);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on the loopback interface", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // nothing was sent on it; the port is free either way
        }
      }
    }
  }
}
