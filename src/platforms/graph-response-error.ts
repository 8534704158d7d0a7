/**
 * A Graph API answer that is not 2xx, carried from FacebookAdapter's request to its `classify`
 * (Graph errors are classified by `error.code` in the body, not by HTTP status).
 */
export class GraphResponseError extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`Graph API answered ${status}`);
  }
}
