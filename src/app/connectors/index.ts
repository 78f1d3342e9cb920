// The configured connectors, built from config.connectors; a connector that is not configured is absent.
import type { ConnectorId } from '../../core/containment.ts';
import type { ConnectorsConfig } from '../../core/connectors-config.ts';
import type { Resolver } from '../outbound.ts';
import { GraphConnector } from './graph.ts';
import type { Clock } from './http.ts';
import { OktaConnector } from './okta.ts';
import type { Connector } from './types.ts';

export { ConnectorError } from './http.ts';
export type { Connector, ConnectorResult } from './types.ts';

export function buildConnectors(cfg: ConnectorsConfig, opts: { env?: NodeJS.ProcessEnv; clock?: Clock; resolve?: Resolver } = {}): Map<ConnectorId, Connector> {
  const out = new Map<ConnectorId, Connector>();
  const base = { allow: cfg.outbound.allow, ...opts };
  if (cfg.graph) out.set('graph', new GraphConnector(cfg.graph, base));
  if (cfg.okta) out.set('okta', new OktaConnector(cfg.okta, base));
  return out;
}
