/** The sandbox platforms: local HTTP servers that behave like X, LinkedIn and Facebook. */

export { FacebookSandbox } from './facebook-sandbox.ts';
export { LinkedInSandbox } from './linkedin-sandbox.ts';
export type { RateBudgetOptions } from './rate-budget.ts';
export { SANDBOX_CREDENTIALS, SANDBOX_X_USER, sandboxEnv } from './sandbox-credentials.ts';
export { DEFAULT_RATE_LIMIT, SandboxServer } from './sandbox-server.ts';
export type { FaultMatch, RecordedRequest, SandboxFault, SandboxMedia, SandboxPost } from './sandbox-types.ts';
export { type SandboxSet, type StartSandboxesOptions, sandboxConfig, startSandboxes } from './start-sandboxes.ts';
export { X_DUPLICATE_DETAIL, XSandbox } from './x-sandbox.ts';
