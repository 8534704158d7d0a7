import type { Config, Platform } from '../src/config/config-schema.ts';
import { sandboxBaseUrls, withBaseUrls } from '../src/config/sandbox-overlay.ts';
import { FacebookSandbox } from './facebook-sandbox.ts';
import { LinkedInSandbox } from './linkedin-sandbox.ts';
import type { RateBudgetOptions } from './rate-budget.ts';
import { SandboxGateway } from './sandbox-gateway.ts';
import type { SandboxPageSettings } from './sandbox-page.ts';
import { XSandbox } from './x-sandbox.ts';

/** Options of {@link startSandboxes}. */
export interface StartSandboxesOptions {
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** First port: X gets it, LinkedIn the next, Facebook the one after. Default 0 (free ports). */
  port?: number;
  /** Posting budget of every sandbox, or per platform. Default 1000 posts per 15 minutes (LinkedIn: per UTC day). */
  rateLimit?: RateBudgetOptions | Partial<Record<Platform, RateBudgetOptions>>;
  /** The clock that dates stored posts (see SandboxServerOptions.now). Default: the real time. */
  now?: () => Date;
  /**
   * Serve all three on one port (`port`), under /x, /linkedin and /facebook (SandboxGateway),
   * instead of one port each. Default false.
   */
  onePort?: boolean;
  /** How the pages show the posts (account names, time zone). Default: see SandboxPageSettings. */
  pages?: SandboxPageSettings;
}

/** The three running sandboxes. */
export interface SandboxSet {
  /** Each platform's base URL. */
  urls: Record<Platform, string>;
  /** With `onePort`: the one URL of all three (what `--sandbox` takes). */
  url?: string;
  twitter: XSandbox;
  linkedin: LinkedInSandbox;
  facebook: FacebookSandbox;
  /** Forgets every stored post and fault on all three. */
  reset(): void;
  stop(): Promise<void>;
}

/** Order of ports from the first one. */
const PORT_ORDER: readonly Platform[] = ['twitter', 'linkedin', 'facebook'];

function budgetFor(platform: Platform, option: StartSandboxesOptions['rateLimit']): RateBudgetOptions | undefined {
  if (!option) return undefined;
  if ('limit' in option && typeof option.limit === 'number') return option as RateBudgetOptions;
  return (option as Partial<Record<Platform, RateBudgetOptions>>)[platform];
}

/** Starts the X, LinkedIn and Facebook sandboxes in this process. */
export async function startSandboxes(options: StartSandboxesOptions = {}): Promise<SandboxSet> {
  const host = options.host ?? '127.0.0.1';
  const servers = {
    twitter: new XSandbox({
      rateLimit: budgetFor('twitter', options.rateLimit),
      now: options.now,
      page: options.pages,
    }),
    linkedin: new LinkedInSandbox({
      rateLimit: budgetFor('linkedin', options.rateLimit),
      now: options.now,
      page: options.pages,
    }),
    facebook: new FacebookSandbox({
      rateLimit: budgetFor('facebook', options.rateLimit),
      now: options.now,
      page: options.pages,
    }),
  };
  if (options.onePort) {
    const gateway = new SandboxGateway(servers);
    const url = await gateway.start(host, options.port ?? 0);
    return {
      url,
      urls: sandboxBaseUrls(url),
      ...servers,
      reset: () => {
        for (const p of PORT_ORDER) servers[p].reset();
      },
      stop: () => gateway.stop(),
    };
  }
  const urls = {} as Record<Platform, string>;
  try {
    for (const [index, platform] of PORT_ORDER.entries()) {
      urls[platform] = await servers[platform].start(host, options.port ? options.port + index : 0);
    }
  } catch (error) {
    await Promise.all(PORT_ORDER.map((p) => servers[p].stop()));
    throw error;
  }
  return {
    urls,
    ...servers,
    reset: () => {
      for (const p of PORT_ORDER) servers[p].reset();
    },
    stop: async () => {
      await Promise.all(PORT_ORDER.map((p) => servers[p].stop()));
    },
  };
}

/** The configuration with every platform's `baseUrl` pointing at the sandboxes. */
export function sandboxConfig(config: Config, urls: Record<Platform, string>): Config {
  return withBaseUrls(config, urls);
}
