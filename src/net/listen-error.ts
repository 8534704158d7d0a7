import { InputError } from '../input-error.ts';

/** What a server that could not listen was for, and how the person picks another port or host. */
export interface ListenContext {
  /** What listens there, e.g. "the review desk". */
  what: string;
  /** How to choose another port, e.g. "choose another with --port or web.port". */
  otherPort: string;
  /** How to choose another interface, e.g. "--host or web.host". */
  otherHost: string;
}

/**
 * A listen that failed for a reason the person can fix, said so: which address, what it was for,
 * what to change. Node's own words ("listen EADDRINUSE: address already in use 127.0.0.1:8080")
 * name neither the server nor the option. Other errors come back as they are.
 */
export function listenError(error: unknown, context: ListenContext): unknown {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  // Node gives no port with EADDRNOTAVAIL.
  const where = port === undefined ? (address ?? 'its address') : `${address}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new InputError(
        `${context.what} cannot listen on ${where}: the port is in use (by another secon-bot, or another program); ` +
          `${context.otherPort} (0: any free port)`,
      );
    case 'EACCES':
      return new InputError(
        `${context.what} may not listen on ${where}: ports below 1024 need privileges; ${context.otherPort}`,
      );
    case 'EADDRNOTAVAIL':
      return new InputError(
        `${context.what} cannot listen on ${where}: ${address} is not an address of this machine; choose one with ` +
          `${context.otherHost} (127.0.0.1: only this machine, 0.0.0.0: every interface)`,
      );
    default:
      return error;
  }
}
