import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.ts';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  logging?: { driver: string; options: Record<string, string> };
  read_only?: boolean;
  secrets?: string[];
  profiles?: string[];
  pull_policy?: string;
  env_file?: Array<{ path: string; required: boolean }>;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file: string }>;
}

const SCHEMA = JSON.parse(readFileSync('test/fixtures/compose-spec/compose-spec.json', 'utf8')) as object;
// The Compose schema is draft-07 with a few annotation keywords ajv's strict mode does not know.
const validate = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile(SCHEMA);

function compose(file: string): ComposeFile {
  return parse(readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * docker-compose.yml cannot be run here (no Docker engine); this checks it as Compose would, and what matters in it.
 */
describe('docker-compose.yml', () => {
  const main = compose('docker-compose.yml');
  const { redis, worker } = main.services as { redis: Service; worker: Service };

  it.each(['docker-compose.yml', 'docker-compose.secrets.yml'])(
    '%s is valid by the Compose Specification schema',
    (file) => {
      const valid = validate(compose(file));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('the schema check can fail: a misspelt key is refused', () => {
    expect(validate({ services: { worker: { image: 'x', restrat: 'always' } } })).toBe(false);
    expect(validate({ services: { redis: { ports: 'not-a-list' } } })).toBe(false);
  });

  it('runs a Redis that can make publish claims durable (WAITAOF: 7.2 or later)', () => {
    const [, major, minor] = /^redis:(\d+)\.(\d+)/.exec(redis.image ?? '') ?? [];
    expect(Number(major) * 100 + Number(minor)).toBeGreaterThanOrEqual(702);
  });

  it('runs Redis with every write fsynced to the append-only file, on a named volume, on the compose network only', () => {
    // Redis 7.4 answers WAITAOF before the fsync under everysec (redis-server-info.ts): always is
    // what makes a claim survive a power cut on it.
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--appendfsync', 'always']));
    expect(redis.volumes).toContain('redis-data:/data');
    expect(main.volumes).toHaveProperty('redis-data');
    expect(redis.ports).toBeUndefined();
  });

  it('calls Redis healthy only once it answers PONG, not while it is still loading its append-only file', () => {
    // redis-cli exits 0 on an error reply, so `redis-cli ping` alone passed while Redis answered
    // "LOADING ...": the worker would start against a Redis that refuses every command for minutes.
    const [form, script] = redis.healthcheck?.test ?? [];
    expect(form).toBe('CMD-SHELL');
    const bin = mkdtempSync(join(tmpdir(), 'secon-redis-cli-'));
    try {
      const check = (reply: string): number => {
        writeFileSync(join(bin, 'redis-cli'), `#!/bin/sh\necho '${reply}'\n`, { mode: 0o755 });
        return spawnSync('sh', ['-c', script!], { env: { PATH: `${bin}:/usr/bin:/bin` } }).status ?? -1;
      };
      expect(check('PONG')).toBe(0);
      expect(check('LOADING Redis is loading the dataset in memory')).not.toBe(0);
      expect(check('MASTERDOWN Link with MASTER is down')).not.toBe(0);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('builds the worker from the Dockerfile, waits for a healthy Redis and checks /healthz on the configured port', () => {
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    // Built from this checkout on every `up`, never pulled: with `image` and `build` but no
    // pull_policy, Compose first looks for `secon-bot:latest` on a registry.
    expect(worker.pull_policy).toBe('build');
    expect(worker.depends_on?.redis?.condition).toBe('service_healthy');
    expect(worker.environment?.REDIS_URL).toBe('redis://redis:6379');
    const port = loadConfig('secon-bot.yaml').worker.port;
    expect(worker.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/healthz`);
    expect(worker.ports).toEqual([`127.0.0.1:${port}:${port}`]);
  });

  it('binds /healthz and /metrics on all interfaces inside the container, the host publishing them on loopback', () => {
    // worker.host defaults to 127.0.0.1, which a published port would not reach.
    expect(loadConfig('secon-bot.yaml').worker.host).toBe('127.0.0.1');
    expect(worker.command).toEqual(['node', 'dist/secon-bot.js', 'worker', '--host', '0.0.0.0']);
    expect(worker.ports?.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('rotates every container log, and gives the worker one writable data folder', () => {
    for (const service of Object.values(main.services)) {
      expect(service.logging?.driver).toBe('json-file');
      expect(service.logging?.options).toMatchObject({
        'max-size': expect.any(String),
        'max-file': expect.any(String),
      });
    }
    expect(worker.read_only).toBe(true);
    expect(worker.volumes).toContain('secon-data:/app/data');
  });

  it('runs the review desk from the image the worker builds (built once), published on the host loopback only, checked on its login page', () => {
    const web = main.services.web!;
    // One build: Compose builds the worker's image; the desk names the same image and never pulls it.
    expect(web.build).toBeUndefined();
    expect(web.image).toBe(worker.image);
    expect(web.pull_policy).toBe('never');
    expect(web.command).toEqual(['node', 'dist/secon-bot.js', 'web', '--host', '0.0.0.0', '--port', '8080']);
    expect(web.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(web.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(web.healthcheck?.test.join(' ')).toContain('127.0.0.1:8080/login');
    expect(web.read_only).toBe(true);
  });

  it('starts the review desk only with --profile desk: on the shipped configuration it would exit and restart in a loop', () => {
    expect(main.services.web!.profiles).toEqual(['desk']);
    for (const name of ['redis', 'worker']) expect(main.services[name]!.profiles).toBeUndefined();
    expect(loadConfig('secon-bot.yaml').web.users).toEqual([]);
  });

  it('gives the desk its session secret and the credentials (its Health page checks them), and the worker the alert webhook, as Docker secrets', () => {
    const secrets = compose('docker-compose.secrets.yml');
    const config = loadConfig('secon-bot.yaml');
    const mounted = (service: string, variable: string) => {
      const env = secrets.services[service]!.environment!;
      const name = env[`${variable}_FILE`]?.slice('/run/secrets/'.length);
      expect(name, `${service} ${variable}`).toBeTruthy();
      expect(secrets.services[service]!.secrets, `${service} ${variable}`).toContain(name);
      expect(secrets.secrets?.[name!]?.file).toBe(`./secrets/${name}`);
    };
    mounted('web', config.web.sessionSecretEnv);
    mounted('worker', config.alerts.webhookUrlEnv!);
    for (const channel of config.channels)
      for (const variable of Object.values(channel.credentials)) mounted('web', variable);
  });

  it('keeps secrets out of the file: credentials come from .env, or from Docker secrets in the override', () => {
    expect(JSON.stringify(worker.environment)).not.toMatch(/TOKEN|SECRET|KEY/);
    const secrets = compose('docker-compose.secrets.yml');
    const env = secrets.services.worker!.environment!;
    const config = loadConfig('secon-bot.yaml');
    for (const channel of config.channels)
      for (const variable of Object.values(channel.credentials)) {
        const secret = env[`${variable}_FILE`];
        expect(secret, variable).toMatch(/^\/run\/secrets\//);
        const name = secret!.slice('/run/secrets/'.length);
        expect(secrets.services.worker!.secrets).toContain(name);
        expect(secrets.secrets?.[name]?.file).toBe(`./secrets/${name}`);
      }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('builds in one stage and runs the built command with production dependencies only', () => {
    expect(stages.map((s) => s.split('\n')[0]!.split(' AS ')[1])).toEqual(['build', 'deps', 'runtime']);
    expect(stages[0]).toContain('node dev/build.mjs --production');
    expect(stages[1]).toContain('npm ci --omit=dev');
    expect(runtime).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(runtime).toContain('COPY --from=build /src/dist ./dist');
    // Nothing else of the sources reaches the runtime stage.
    expect(runtime).not.toMatch(/COPY (src|cli|app|queues|worker|sandbox|dev|bin) /);
    expect(runtime).toMatch(/CMD \["node", "dist\/secon-bot\.js", "worker", "--host", "0\.0\.0\.0"\]/);
  });

  it('copies into the build stage every file of dev/ that the build imports', () => {
    const local = [...readFileSync('dev/build.mjs', 'utf8').matchAll(/^import .* from '\.\/([^']+)';$/gm)].map(
      (m) => `dev/${m[1]}`,
    );
    expect(local).toContain('dev/ascii-bundle.mjs');
    const copied = [...stages[0]!.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    for (const file of ['dev/build.mjs', ...local]) expect(copied, file).toContain(file);
  });

  it('runs under tini as an unprivileged user, with a writable data folder', () => {
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('chown node:node /app/data');
  });
});
