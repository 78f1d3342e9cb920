// Devices people sign in from: a company laptop (Entra-joined Windows or Intune-registered Mac), a phone, Safari.
// User-agent strings and Graph deviceDetail values as Entra reports them for these clients.
import type { Device } from './formats.ts';
import type { Rng } from './prng.ts';

const WIN_EDGE = (v: string) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.2792.65`;
const MAC_CHROME = (v: string) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
const MAC_SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';
const IPHONE = (v: string) => `Mozilla/5.0 (iPhone; CPU iPhone OS ${v.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Mobile/15E148 Safari/604.1`;
const ANDROID = (m: string) => `Mozilla/5.0 (Linux; Android 14; ${m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.70 Mobile Safari/537.36`;

export function laptop(rng: Rng, assetTag: string): Device {
  const v = String(rng.int(127, 130));
  if (rng.chance(0.65)) {
    return {
      entraDeviceId: rng.uuid(),
      displayName: `CONTOSO-LT-${assetTag}`,
      operatingSystem: 'Windows10',
      browser: `Edge ${v}.0.2792`,
      isCompliant: true,
      isManaged: true,
      trustType: 'Azure AD joined',
      userAgent: WIN_EDGE(v),
      fingerprint: rng.hex(32),
      okta: { os: 'Windows 10', browser: 'EDGE', device: 'Computer' },
      mobile: false,
    };
  }
  return {
    entraDeviceId: rng.uuid(),
    displayName: `CONTOSO-MBP-${assetTag}`,
    operatingSystem: 'MacOs',
    browser: `Chrome ${v}.0.0`,
    isCompliant: true,
    isManaged: true,
    trustType: 'Azure AD registered',
    userAgent: MAC_CHROME(v),
    fingerprint: rng.hex(32),
    okta: { os: 'Mac OS X', browser: 'CHROME', device: 'Computer' },
    mobile: false,
  };
}

/** Safari on the person's Mac, which iCloud Private Relay routes when the person subscribes to iCloud+. */
export function safari(rng: Rng, base: Device): Device {
  return {
    ...base,
    operatingSystem: 'MacOs',
    browser: 'Safari 18.0',
    userAgent: MAC_SAFARI,
    fingerprint: rng.hex(32),
    okta: { os: 'Mac OS X', browser: 'SAFARI', device: 'Computer' },
  };
}

export function phone(rng: Rng): Device {
  const registered = rng.chance(0.55);
  if (rng.chance(0.6)) {
    const v = rng.pick(['17.6', '18.0', '18.1']);
    return {
      entraDeviceId: registered ? rng.uuid() : '',
      displayName: registered ? 'iPhone' : '',
      operatingSystem: `Ios ${v}`,
      browser: 'Mobile Safari',
      isCompliant: false,
      isManaged: false,
      trustType: registered ? 'Azure AD registered' : '',
      userAgent: IPHONE(v),
      fingerprint: rng.hex(32),
      okta: { os: `iOS ${v}`, browser: 'SAFARI', device: 'Mobile' },
      mobile: true,
    };
  }
  const model = rng.pick(['Pixel 8', 'SM-S921U', 'SM-G991U', 'Pixel 7a']);
  return {
    entraDeviceId: registered ? rng.uuid() : '',
    displayName: registered ? model : '',
    operatingSystem: 'Android 14',
    browser: 'Chrome Mobile 129.0.6668',
    isCompliant: false,
    isManaged: false,
    trustType: registered ? 'Azure AD registered' : '',
    userAgent: ANDROID(model),
    fingerprint: rng.hex(32),
    okta: { os: 'Android 14', browser: 'CHROME', device: 'Mobile' },
    mobile: true,
  };
}
