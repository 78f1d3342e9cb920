// The one list of detectors. Add a detector by creating src/detectors/<id>/ and adding it here.
import type { AnyDetector } from '../core/detector.ts';
import { detector as impossibleTravel } from './impossible-travel/detector.ts';
import { detector as awayFromHome } from './away-from-home/detector.ts';
import { detector as anonymisingInfra } from './anonymising-infra/detector.ts';
import { detector as highRiskNetwork } from './high-risk-network/detector.ts';
import { detector as workingHours } from './working-hours/detector.ts';
import { detector as sharedInfrastructure } from './shared-infrastructure/detector.ts';
import { detector as concurrentOperators } from './concurrent-operators/detector.ts';
import { detector as vendorRisk } from './vendor-risk/detector.ts';
import { detector as remoteAccessTool } from './remote-access-tool/detector.ts';
import { detector as farmTools } from './farm-tools/detector.ts';
import { detector as collaborationSilence } from './collaboration-silence/detector.ts';

export const detectors: AnyDetector[] = [
  highRiskNetwork,
  anonymisingInfra,
  impossibleTravel,
  awayFromHome,
  concurrentOperators,
  workingHours,
  sharedInfrastructure,
  vendorRisk,
  remoteAccessTool,
  farmTools,
  collaborationSilence,
];
