// The configured connectors, built from config.connectors; a connector that is not configured is absent. They call
// only targets on the one outbound allow-list (config outbound.allow).
import type { ConnectorId } from '../../core/containment.ts';
import { existsSync } from 'node:fs';
import { graphTokenUrl, type ConnectorsConfig } from '../../core/connectors-config.ts';
import type { Resolver } from '../outbound.ts';
import { GraphConnector } from './graph.ts';
import type { Clock } from './http.ts';
import { OktaConnector } from './okta.ts';
import type { Connector } from './types.ts';

export { ConnectorError } from './http.ts';
export type { Connector, ConnectorResult } from './types.ts';

export function buildConnectors(
  cfg: ConnectorsConfig,
  opts: { allow: readonly string[]; env?: NodeJS.ProcessEnv; clock?: Clock; resolve?: Resolver },
): Map<ConnectorId, Connector> {
  const out = new Map<ConnectorId, Connector>();
  const base = opts;
  if (cfg.graph) out.set('graph', new GraphConnector(cfg.graph, base));
  if (cfg.okta) out.set('okta', new OktaConnector(cfg.okta, base));
  return out;
}

/**
 * What GET /api/settings may show of the connectors: everything but the secrets (only whether each one is set). The
 * allow-list they call through is config.outbound.allow (shown as such).
 */
export interface ConnectorsView {
  graph?: { tenant: string; clientId: string; tokenUrl: string; baseUrl: string; secret: 'set' | 'missing'; secretFrom: string };
  okta?: { baseUrl: string; auth: 'SSWS' | 'Bearer'; revokeOAuthTokens: boolean; secret: 'set' | 'missing'; secretFrom: string };
}

export function connectorsView(cfg: ConnectorsConfig, env: NodeJS.ProcessEnv = process.env): ConnectorsView {
  const secretState = (w: { secretEnv: string; secretFile?: string }): { secret: 'set' | 'missing'; secretFrom: string } => {
    const set = (env[w.secretEnv] ?? '').trim() !== '' || (w.secretFile !== undefined && existsSync(w.secretFile));
    return { secret: set ? 'set' : 'missing', secretFrom: w.secretFile !== undefined ? `env ${w.secretEnv} or a file` : `env ${w.secretEnv}` };
  };
  const out: ConnectorsView = {};
  if (cfg.graph) out.graph = { tenant: cfg.graph.tenant, clientId: cfg.graph.clientId, tokenUrl: graphTokenUrl(cfg.graph), baseUrl: cfg.graph.baseUrl, ...secretState(cfg.graph) };
  if (cfg.okta) out.okta = { baseUrl: cfg.okta.baseUrl, auth: cfg.okta.auth, revokeOAuthTokens: cfg.okta.revokeOAuthTokens, ...secretState(cfg.okta) };
  return out;
}
