/** The sandbox platforms: local HTTP servers that behave like X, LinkedIn and Facebook. */
export { startSandboxes, sandboxConfig, type SandboxSet, type StartSandboxesOptions } from './start-sandboxes.ts';
export { sandboxEnv, SANDBOX_CREDENTIALS, SANDBOX_X_USER } from './sandbox-credentials.ts';
export { SandboxServer, DEFAULT_RATE_LIMIT } from './sandbox-server.ts';
export { XSandbox, X_DUPLICATE_DETAIL } from './x-sandbox.ts';
export { LinkedInSandbox } from './linkedin-sandbox.ts';
export { FacebookSandbox } from './facebook-sandbox.ts';
export type { SandboxPost, SandboxMedia, SandboxFault, FaultMatch, RecordedRequest } from './sandbox-types.ts';
export type { RateBudgetOptions } from './rate-budget.ts';
