// Settings of the containment connectors (issue 11); the allow-list they call through is ./outbound-config.ts. Pure (zod only).
// Secrets are never in this file's values: the config names an environment variable (or a file) holding each one,
// src/app/connectors/secrets.ts reads it when a connector runs, and nothing returns or logs it.
import { z } from 'zod';

const url = z.string().url().max(2048);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name');

/** Retries, timeouts and throttle shared by the connectors (each connector has its own token bucket). */
export const HttpPolicy = z.strictObject({
  /** Per attempt, milliseconds. */
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** Retries after the first attempt on 429, 503 and other 5xx answers and network errors. */
  retries: z.number().int().nonnegative().max(10).default(3),
  /** Longest wait honoured from a Retry-After header (or X-Rate-Limit-Reset); a longer one fails the attempt. */
  maxRetryAfterMs: z.number().int().nonnegative().max(600_000).default(30_000),
  /** Backoff without Retry-After: base × 2^attempt, capped. */
  backoffMs: z.number().int().nonnegative().max(60_000).default(500),
  /** Token bucket: requests per second and burst. */
  ratePerSecond: z.number().positive().max(1000).default(5),
  burst: z.number().int().positive().max(1000).default(5),
});
export type HttpPolicy = z.infer<typeof HttpPolicy>;

export const GraphConnectorConfig = z.strictObject({
  /** Entra tenant id or domain. */
  tenant: z.string().regex(/^[A-Za-z0-9.-]{1,255}$/, 'must be a tenant id or domain'),
  clientId: z.string().min(1).max(200),
  /** Default https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. */
  tokenUrl: url.optional(),
  baseUrl: url.default('https://graph.microsoft.com'),
  scope: z.string().max(500).default('https://graph.microsoft.com/.default'),
  /** The client secret: this environment variable, else the file named by secretFile. */
  secretEnv: envName.default('SLEETWATCH_GRAPH_CLIENT_SECRET'),
  secretFile: z.string().min(1).max(4096).optional(),
  http: HttpPolicy.default(HttpPolicy.parse({})),
});
export type GraphConnectorConfig = z.infer<typeof GraphConnectorConfig>;

export const OktaConnectorConfig = z.strictObject({
  /** The org URL, e.g. https://example.okta.com. */
  baseUrl: url,
  /** SSWS: an API token (Authorization: SSWS …); Bearer: an OAuth 2.0 access token obtained elsewhere. */
  auth: z.enum(['SSWS', 'Bearer']).default('SSWS'),
  secretEnv: envName.default('SLEETWATCH_OKTA_TOKEN'),
  secretFile: z.string().min(1).max(4096).optional(),
  /** revoke-sessions also revokes the OAuth 2.0 refresh and access tokens the user was issued (?oauthTokens=true). */
  revokeOAuthTokens: z.boolean().default(true),
  http: HttpPolicy.default(HttpPolicy.parse({})),
});
export type OktaConnectorConfig = z.infer<typeof OktaConnectorConfig>;

export const ConnectorsConfig = z.strictObject({
  graph: GraphConnectorConfig.optional(),
  okta: OktaConnectorConfig.optional(),
});
export type ConnectorsConfig = z.infer<typeof ConnectorsConfig>;

/** The Graph token endpoint: the configured one, or the Microsoft identity platform's for the tenant. */
export const graphTokenUrl = (g: GraphConnectorConfig): string =>
  g.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(g.tenant)}/oauth2/v2.0/token`;
