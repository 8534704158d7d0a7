import type { Redis } from 'ioredis';
import { type AppServices, type AppServicesOptions, createAppServices } from '../src/publishing/app-services.ts';
import { PublishQueue } from './publish-queue.ts';

/** The application with its BullMQ publish queues. */
export interface App extends AppServices {
  queue: PublishQueue;
  /** Closes the queues (the Redis connection stays the caller's). */
  close(): Promise<void>;
}

/** Builds the app on `redis`: the same wiring for the CLI, the worker, the demo and the tests. */
export function createApp(options: Omit<AppServicesOptions, 'queue'> & { redis: Redis }): App {
  const queue = new PublishQueue(options.config, options.redis, (error) =>
    options.logger?.warn({ err: error.message }, 'publish queue connection error'),
  );
  const services = createAppServices({ ...options, queue });
  return { ...services, queue, close: () => queue.close() };
}
