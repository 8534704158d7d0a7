import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type SandboxSet,
  type StartSandboxesOptions,
  sandboxConfig,
  sandboxEnv,
  startSandboxes,
} from '../../sandbox/index.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { readCredentials } from '../../src/config/secrets.ts';
import { createAdapter, PLATFORM_FACTORIES } from '../../src/platforms/adapter-registry.ts';
import type { AdapterOptions } from '../../src/platforms/base-adapter.ts';
import type { PlatformAdapter } from '../../src/platforms/platform-adapter.ts';
import { adapterConfig } from './config.ts';

export interface SandboxWorld {
  sandboxes: SandboxSet;
  config: Config;
  env: Record<string, string>;
  adapter(channelId: string): PlatformAdapter;
}

/** Sandboxes on free ports, the config pointed at them, and env values they accept. */
export async function startSandboxWorld(options: StartSandboxesOptions = {}): Promise<SandboxWorld> {
  const sandboxes = await startSandboxes(options);
  const config = sandboxConfig(adapterConfig(), sandboxes.urls);
  const env = sandboxEnv(config);
  return {
    sandboxes,
    config,
    env,
    adapter: (id) => createAdapter(config.channels.find((c) => c.id === id)!, config, env),
  };
}

/**
 * A channel's adapter built as createAdapter builds it, plus adapter options the configuration
 * does not carry (e.g. a smaller `findPageSize` for paging tests).
 */
/**
 * The sandboxes for one test file: started once, reset before every test, stopped at the end.
 * Returns a getter (the world exists only once `beforeAll` ran).
 */
export function useSandboxWorld(options: StartSandboxesOptions = {}): () => SandboxWorld {
  let world: SandboxWorld | undefined;
  beforeAll(async () => {
    world = await startSandboxWorld(options);
  });
  afterAll(async () => {
    await world?.sandboxes.stop();
  });
  beforeEach(() => world!.sandboxes.reset());
  return () => world!;
}

export function adapterWith(world: SandboxWorld, channelId: string, extra: Partial<AdapterOptions>): PlatformAdapter {
  const channel = world.config.channels.find((c) => c.id === channelId)!;
  const factory = PLATFORM_FACTORIES.find((f) => f.platform === channel.platform)!;
  const { values } = readCredentials(channel.credentials, world.env);
  return factory.create(
    { channel, credentials: values, baseUrl: world.config.platforms[channel.platform].baseUrl, ...extra },
    world.config,
  );
}

/** A clock the sandboxes date posts by: starts a day ago, moves only when told. */
export class TestClock {
  at = Date.now() - 86_400_000;
  readonly now = (): Date => new Date(this.at);

  advance(ms: number): void {
    this.at += ms;
  }
}

/** A real, tiny PNG (w×h, one colour) written to a temp file; returns its absolute path. */
export function pngFile(name = 'image.png', width = 4, height = 3): string {
  const dir = mkdtempSync(join(tmpdir(), 'secon-img-'));
  const path = join(dir, name);
  writeFileSync(path, png(width, height));
  return path;
}

function crc32(buffer: Buffer): number {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x4a)])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
