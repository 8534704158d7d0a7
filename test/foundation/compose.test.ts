import { readFileSync } from 'node:fs';
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
}

/** docker-compose.yml cannot be run here (no Docker engine); this checks what matters in it. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const { redis, worker } = compose.services as { redis: Service; worker: Service };

  it('runs Redis with the append-only file flushed every second on a named volume', () => {
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--appendfsync', 'everysec']));
    expect(redis.volumes).toContain('redis-data:/data');
    expect(compose.volumes).toHaveProperty('redis-data');
  });

  it('builds the worker from the Dockerfile, waits for a healthy Redis and checks /healthz on the configured port', () => {
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(worker.depends_on?.redis?.condition).toBe('service_healthy');
    expect(worker.environment?.REDIS_URL).toBe('redis://redis:6379');
    const port = loadConfig('secon-bot.yaml').worker.port;
    expect(worker.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/healthz`);
  });

  it('runs the review desk from the same image, published on the host loopback only, checked on its login page', () => {
    const web = compose.services.web!;
    expect(web.build).toEqual(worker.build);
    expect(web.command).toEqual(['node', 'bin/secon-bot.js', 'web', '--host', '0.0.0.0', '--port', '8080']);
    expect(web.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(web.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(web.healthcheck?.test.join(' ')).toContain('127.0.0.1:8080/login');
  });

  it('keeps secrets out of the file: credentials come from .env or NAME_FILE', () => {
    const text = JSON.stringify(worker.environment);
    expect(text).not.toMatch(/TOKEN|SECRET|KEY/);
  });

  it('has a Dockerfile that runs the worker', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/CMD \["node", "bin\/secon-bot\.js", "worker"\]/);
    expect(dockerfile).toContain('npm ci --omit=dev');
  });
});
