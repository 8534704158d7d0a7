import { validateDetailed } from 'node-cron';
import type { Config } from '../src/config/config-schema.ts';
import { InputError } from '../src/input-error.ts';

/** Why a cron expression is not one, in node-cron's own words; undefined when node-cron takes it. */
export function cronProblem(expression: string): string | undefined {
  const result = validateDetailed(expression);
  if (result.valid) return undefined;
  return result.errors.map((e) => e.message).join('; ') || 'not a cron expression';
}

/**
 * The feeds' schedules, checked with node-cron's own validator — the one the worker runs them
 * with — when the configuration is loaded, so `secon-bot config` and `worker` refuse a bad one at
 * once, naming the file and key path, instead of the worker failing later without saying which
 * feed. (It lives here, not in the schema, because the domain does not import node-cron.)
 */
export function checkFeedSchedules(config: Config, file: string): void {
  const problems = config.feeds.flatMap((feed, index) => {
    const problem = cronProblem(feed.schedule);
    return problem
      ? [
          `${file}: feeds[${index}].schedule: "${feed.schedule}" is not a cron expression (${problem}); expected five or six fields such as "*/15 * * * *"`,
        ]
      : [];
  });
  if (problems.length) throw new InputError(`${file}: invalid configuration`, problems);
}
