import cronstrue from 'cronstrue';

/**
 * A feed's cron schedule as people read it: "*\/15 * * * *" → "every 15 minutes", "0 9 * * 1-5" →
 * "at 09:00, Monday through Friday" (24-hour times, in the project's zone, where the worker runs
 * it). The expression itself when it cannot be put in words; the worker has checked it already.
 */
export function feedScheduleText(expression: string): string {
  try {
    const text = cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    return text.charAt(0).toLowerCase() + text.slice(1);
  } catch {
    return expression;
  }
}
