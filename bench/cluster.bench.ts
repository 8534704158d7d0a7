import { RedisClusterProcess } from '../dev/redis-cluster-process.ts';
import { type Benchmark, median, repeat } from './harness.ts';
import { CONCURRENCY, sliceConfig, startSliceSandboxes, thinSlice } from './thin-slice.bench.ts';

/**
 * Posts per second through the whole publish path (scheduled post → BullMQ job → lease, claim in
 * the log, durable claim with WAITAOF, twitter-api-v2 to the X sandbox, outcome logged) on a
 * private three-master Redis Cluster, against the same path on the harness's single server, in
 * the same run, alternating which goes first. A project's keys share one hash slot, so one master
 * carries all of them: this is what one cluster node sustains for one project.
 */

const bench: Benchmark = {
  name: 'cluster',
  issue: 13,
  async run(ctx) {
    const count = ctx.quick ? 100 : 300;
    const cluster = new RedisClusterProcess();
    const clusterUrl = await cluster.start();
    const sandboxes = await startSliceSandboxes();
    const config = (prefix: string, clustered: boolean) =>
      sliceConfig(sandboxes, { keyPrefix: prefix, cluster: clustered });
    try {
      const onCluster: number[] = [];
      const single: number[] = [];
      await repeat(ctx.runs, async (i) => {
        const order = i % 2 ? ['single', 'cluster'] : ['cluster', 'single'];
        for (const which of order) {
          sandboxes.reset();
          if (which === 'cluster')
            onCluster.push(
              (await thinSlice(config('bench-cluster', true), clusterUrl, sandboxes, count, `c${i}`)).jobsPerSecond,
            );
          else
            single.push(
              (await thinSlice(config('bench-single', false), ctx.redisUrl, sandboxes, count, `s${i}`)).jobsPerSecond,
            );
        }
        ctx.log(
          `run ${i + 1}: cluster ${onCluster.at(-1)!.toFixed(0)} posts/s, single server ${single.at(-1)!.toFixed(0)} posts/s`,
        );
      });
      return [
        {
          metric: `posts/s, ${count} X posts, concurrency ${CONCURRENCY}, 3-master cluster`,
          value: median(onCluster),
          unit: 'posts/s',
          baseline: median(single),
          baselineLabel: 'single server',
          note: 'whole publish path; one project = one slot = one master',
        },
      ];
    } finally {
      await sandboxes.stop();
      await cluster.stop();
    }
  },
};

export default bench;
