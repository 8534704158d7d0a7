import { SANDBOX_CREDENTIALS, sandboxConfig, sandboxEnv, startSandboxes } from '../sandbox/index.ts';
import type { Platform } from '../src/config/config-schema.ts';
import { parseConfig } from '../src/config/load-config.ts';
import { createAdapter } from '../src/platforms/adapter-registry.ts';
import type { PlatformAdapter } from '../src/platforms/platform-adapter.ts';
import { type Benchmark, type BenchRow, median, repeat, timeMs } from './harness.ts';

/**
 * Publishes per second per platform through each adapter against its sandbox, and the adapter's
 * overhead as a ratio to a bare `fetch` of the same request (same URL, headers and body) to the same
 * sandbox, measured in the same run. Sequential publishes: the platforms are called one post at a time.
 */
const CONFIG = `
project: { name: SECON, website: https://www.interregeurope.eu/secon, timezone: Europe/Athens }
channels:
  - { id: x-oauth1, platform: twitter, account: SeconProject_eu, languages: [en], credentials: { appKey: B_XK, appSecret: B_XS, accessToken: B_XT, accessSecret: B_XA } }
  - { id: x-oauth2, platform: twitter, account: SeconProject_eu, languages: [en], credentials: { bearerToken: B_XB } }
  - { id: linkedin, platform: linkedin, account: "urn:li:organization:93265886", languages: [en], credentials: { accessToken: B_LI } }
  - { id: facebook, platform: facebook, account: "100093083107402", languages: [en], credentials: { pageToken: B_FB } }
`;

const bench: Benchmark = {
  name: 'publish',
  issue: 5,
  async run(ctx) {
    const posts = ctx.quick ? 100 : 400;
    const sandboxes = await startSandboxes({ rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
    const config = sandboxConfig(parseConfig(CONFIG, 'bench.yaml'), sandboxes.urls);
    const env = sandboxEnv(config);
    const adapter = (id: string) => createAdapter(config.channels.find((c) => c.id === id)!, config, env);
    let counter = 0;
    const text = () => `Benchmark post ${++counter} about the social economy in eight European regions`;

    /** The request each adapter sends, as a bare fetch. */
    const bare: Record<Platform, () => Promise<unknown>> = {
      twitter: () =>
        fetch(`${sandboxes.urls.twitter}/2/tweets`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SANDBOX_CREDENTIALS.twitter.bearerToken}`,
            'content-type': 'application/json;charset=UTF-8',
          },
          body: JSON.stringify({ text: text() }),
        }).then(expectOk),
      linkedin: () =>
        fetch(`${sandboxes.urls.linkedin}/rest/posts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SANDBOX_CREDENTIALS.linkedin.accessToken}`,
            'linkedin-version': config.platforms.linkedin.version,
            'x-restli-protocol-version': '2.0.0',
            'x-restli-method': 'create',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            author: 'urn:li:organization:93265886',
            commentary: text(),
            visibility: 'PUBLIC',
            distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
            lifecycleState: 'PUBLISHED',
            isReshareDisabledByAuthor: false,
          }),
        }).then(expectOk),
      facebook: () =>
        fetch(`${sandboxes.urls.facebook}/${config.platforms.facebook.graphVersion}/100093083107402/feed`, {
          method: 'POST',
          body: new URLSearchParams({ message: text(), access_token: SANDBOX_CREDENTIALS.facebook.pageToken! }),
        }).then(expectOk),
    };

    const rate = async (fn: () => Promise<unknown>): Promise<number> => {
      sandboxes.reset();
      sandboxes.twitter.setRateLimit({ limit: 1_000_000, windowMs: 60_000 });
      sandboxes.linkedin.setRateLimit({ limit: 1_000_000, windowMs: 60_000 });
      sandboxes.facebook.setRateLimit({ limit: 1_000_000, windowMs: 60_000 });
      for (let i = 0; i < 20; i++) await fn(); // warm-up: connections, JIT
      const ms = await timeMs(async () => {
        for (let i = 0; i < posts; i++) await fn();
      });
      return posts / (ms / 1000);
    };
    const publish = (a: PlatformAdapter) => () => a.publish({ postId: 'bench', text: text(), images: [] });

    const cases: Array<{ label: string; platform: Platform; channel: string }> = [
      { label: 'X (OAuth 2.0 user token)', platform: 'twitter', channel: 'x-oauth2' },
      { label: 'X (OAuth 1.0a, signed)', platform: 'twitter', channel: 'x-oauth1' },
      { label: 'LinkedIn', platform: 'linkedin', channel: 'linkedin' },
      { label: 'Facebook', platform: 'facebook', channel: 'facebook' },
    ];
    const rows: BenchRow[] = [];
    try {
      // One pass over everything first, so the sandbox code (and ajv's compiled schemas) are warm for all.
      for (const c of cases) {
        await rate(bare[c.platform]);
        await rate(publish(adapter(c.channel)));
      }
      for (const c of cases) {
        const a = adapter(c.channel);
        const viaAdapter: number[] = [];
        const viaFetch: number[] = [];
        // Interleave adapter and baseline runs so both see the same machine load.
        await repeat(ctx.runs, async () => {
          viaFetch.push(await rate(bare[c.platform]));
          viaAdapter.push(await rate(publish(a)));
        });
        const value = median(viaAdapter);
        const baseline = median(viaFetch);
        ctx.log(
          `${c.label}: adapter ${value.toFixed(0)}/s, bare fetch ${baseline.toFixed(0)}/s, overhead ${(1000 / value - 1000 / baseline).toFixed(2)} ms per publish`,
        );
        rows.push({
          metric: `${c.label} publishes/s`,
          value,
          unit: 'posts/s',
          baseline,
          baselineLabel: 'bare fetch',
          note: `${posts} sequential posts; ${(baseline / value).toFixed(2)}× the time of a bare fetch`,
        });
      }
    } finally {
      await sandboxes.stop();
    }
    return rows;
  },
};

async function expectOk(response: Response): Promise<void> {
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`bare request answered ${response.status}`);
}

export default bench;
