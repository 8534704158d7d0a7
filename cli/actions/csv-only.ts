import { InputError } from '../../src/input-error.ts';

/**
 * `--bom` and `--separator` shape a CSV file only. With another format they would change nothing,
 * and a person who typed them expects they did: refused (exit 2) rather than ignored.
 */
export function checkCsvOnly(format: string, options: { bom?: boolean; separator?: string }): void {
  if (format === 'csv') return;
  const given = [...(options.bom ? ['--bom'] : []), ...(options.separator !== undefined ? ['--separator'] : [])];
  if (!given.length) return;
  throw new InputError(
    `${given.join(' and ')} ${given.length === 1 ? 'shapes' : 'shape'} CSV only; expected --format csv (the output is ${format})`,
  );
}
