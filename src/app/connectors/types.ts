// What a containment connector is: one vendor, two actions, a real HTTP client behind them.
import type { ConnectorId, ContainmentAction } from '../../core/containment.ts';

export interface ConnectorResult {
  /** The vendor's reference for the call (its request id), recorded on the playbook step. */
  reference: string;
  /** What the vendor answered, one line. */
  result: string;
  attempts: number;
}

export interface Connector {
  readonly id: ConnectorId;
  /** Carry out `action` on the account `target`; throws ConnectorError (a safe message) when it fails. */
  run(action: ContainmentAction, target: string): Promise<ConnectorResult>;
}
