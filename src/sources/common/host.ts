// Host identifiers as the device formats (intune-devices, defender-hunting) read them. A host identifier ties every
// endpoint record naming that host to the person the device record names, so a value many devices share (an
// unset serial "To be filled by O.E.M.", an iPhone still called "iPhone", the all-zero GUID of an unregistered
// device) must never become one: it would merge the people behind those devices. Pure.
import type { Identifier } from '../../core/model.ts';

/** Serial numbers firmware writes when the maker did not set one (compared lower case, spaces removed). */
const PLACEHOLDER_SERIALS = new Set([
  'tobefilledbyo.e.m.',
  'tobefilledbyoem',
  'defaultstring',
  'systemserialnumber',
  'chassisserialnumber',
  'notspecified',
  'notapplicable',
  'none',
  'null',
  'n/a',
  'na',
  'unknown',
  'oem',
  'invalid',
  '0',
  '0123456789',
  '123456789',
  '1234567890',
  'xxxxxxxxxx',
]);

/** Device names given by default to many devices (compared by first label, lower case). */
const GENERIC_HOSTNAMES = new Set([
  'localhost',
  'iphone',
  'ipad',
  'android',
  'mac',
  'imac',
  'macbook',
  'macbook-pro',
  'macbook-air',
  'macbookpro',
  'macbookair',
  'mac-mini',
  'mac-studio',
  'chromebook',
  'unknown',
  'null',
  'none',
  'desktop',
  'laptop',
  'pc',
  'computer',
]);

/** True when every character is '0', '-', '{' or '}' (the all-zero GUID, "0000-0000"). */
function allZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 48 && c !== 45 && c !== 123 && c !== 125) return false;
  }
  return true;
}

/** A device id (Entra, Intune, MDE) worth keeping: non-blank, not the all-zero GUID. */
export function deviceIdOf(v: string | undefined): string | undefined {
  const s = v?.trim();
  return s === undefined || s.length === 0 || allZero(s) ? undefined : s;
}

/** A serial number worth keeping: not blank, not all zeros, not a firmware placeholder; at least 4 characters. */
export function serialOf(v: string | undefined): string | undefined {
  const s = v?.trim();
  if (s === undefined || s.length < 4 || allZero(s)) return undefined;
  return PLACEHOLDER_SERIALS.has(s.toLowerCase().replace(/\s+/g, '')) ? undefined : s;
}

/** A host name worth keeping as an identifier: not blank, not a default name shared by many devices. */
export function hostnameOf(v: string | undefined): string | undefined {
  const s = v?.trim();
  if (s === undefined || s.length === 0) return undefined;
  const l = s.toLowerCase();
  const dot = l.indexOf('.');
  const first = dot > 0 ? l.slice(0, dot) : l;
  return GENERIC_HOSTNAMES.has(first) ? undefined : s;
}

/** Appends `{kind, value}` when value is defined. */
export function pushId(ids: Identifier[], kind: Identifier['kind'], value: string | undefined): void {
  if (value !== undefined) ids.push({ kind, value });
}
