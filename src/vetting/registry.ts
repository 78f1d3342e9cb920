// The one list of vetting checks. Add a check by creating src/vetting/checks/<id>/ and adding it here.
import type { AnyVetCheck } from '../core/check.ts';

export const checks: AnyVetCheck[] = [];
