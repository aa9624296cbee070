/**
 * Keeps a gateway socket that the shard has let go of from crashing the process.
 *
 * When @discordjs/ws destroys a shard whose socket is still connecting (a hello or handshake timeout during a
 * reconnect), it drops the socket's error handler without closing it. With the `ws` package an error on such a socket
 * (the server refusing or resetting it later) has no listener left and becomes an uncaught exception. Every socket
 * the shards open gets a listener of its own here, so such an error is logged instead.
 */
import type { Client } from 'discord.js';

interface SocketLike {
  on?: (event: 'error', listener: (err: Error) => void) => unknown;
}
interface ShardLike {
  id?: number;
  connection?: SocketLike | null;
}
interface ManagerLike {
  strategy?: { shards?: { values(): Iterable<ShardLike> } };
}

/** Installs the guard on a client before it logs in. `onError` hears errors no shard is listening for. */
export function guardGatewaySockets(client: Client, onError: (err: Error, shardId: number | undefined) => void): void {
  const guarded = new WeakSet<object>();
  const guardOpenSockets = (): void => {
    const manager = (client.ws as unknown as { _ws?: ManagerLike | null })._ws;
    const shards = manager?.strategy?.shards;
    if (!shards) return;
    for (const shard of shards.values()) {
      const socket = shard.connection;
      if (!socket || guarded.has(socket) || typeof socket.on !== 'function') continue;
      guarded.add(socket);
      // The shard's own handler still runs while it owns the socket; this one only keeps the emit from throwing.
      socket.on('error', (err) => onError(err, shard.id));
    }
  };
  // A shard logs "Connecting to …" just before it creates the socket, and assigns it in the same synchronous step.
  client.on('debug', (message) => {
    if (message.includes('Connecting to')) queueMicrotask(guardOpenSockets);
  });
}
