// The device of a DeviceEvents PnpDeviceConnected / UsbDriveMounted row, from its AdditionalFields. Pure.
//   PnpDeviceConnected: {"ClassName":"USB","DeviceId":"USB\\VID_1D6B&PID_0104\\0123456789","DeviceDescription":
//     "USB Composite Device","VendorIds":"USB\\VID_1D6B&PID_0104&REV_0404 USB\\VID_1D6B&PID_0104", "ClassId": ...}
//   UsbDriveMounted: {"DriveLetter":"E:","BusType":7,"Manufacturer":"SanDisk","ProductName":"Cruzer Blade",
//     "ProductRevision":"1.00","SerialNumber":"4C530001230927117482","Volume":"\\\\?\\Volume{...}"}
import type { UsbFacts } from '../../core/model.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';

function s(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length === 0 ? undefined : t;
}

/** Four hex digits after `VID_` / `PID_` (case-insensitive), lower case. */
function hex4(text: string, tag: 'VID_' | 'PID_'): string | undefined {
  const i = text.toUpperCase().indexOf(tag);
  if (i < 0) return undefined;
  const h = text.slice(i + 4, i + 8);
  return /^[0-9a-fA-F]{4}$/.test(h) ? h.toLowerCase() : undefined;
}

/** `Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00` (a USBSTOR id) → the value of one key, underscores as spaces. */
function storField(segment: string, key: 'VEN_' | 'PROD_'): string | undefined {
  for (const part of segment.split('&')) {
    if (part.toUpperCase().startsWith(key)) {
      const v = part.slice(key.length).replace(/_+/g, ' ').trim();
      return v.length === 0 ? undefined : v;
    }
  }
  return undefined;
}

/**
 * The USB facts of one event, or undefined when the device is not on USB (a monitor, a software device, a PCI
 * card: PnP ids DISPLAY\…, SWD\…, PCI\…, ROOT\…, with no VID). `DeviceId` is the PnP instance id `BUS\ids\instance`;
 * its instance part is the device's serial number only when Windows did not make one up (made-up ones hold '&').
 */
export function usbFacts(additional: unknown): UsbFacts | undefined {
  if (!isObj(additional)) return undefined;
  const pnp = s(additional, 'DeviceId');
  const vendorIds = s(additional, 'VendorIds');
  const parts = pnp?.split('\\') ?? [];
  const bus = parts[0]?.toUpperCase();
  const ids = [pnp, vendorIds].filter((x): x is string => x !== undefined).join(' ');
  const vendorId = hex4(ids, 'VID_');
  const productId = hex4(ids, 'PID_');
  const stor = bus === 'USBSTOR' && parts.length > 1 ? parts[1] : undefined;
  const isUsb = vendorId !== undefined || bus === 'USB' || bus === 'USBSTOR' || 'DriveLetter' in additional || 'BusType' in additional;
  if (!isUsb) return undefined;
  let serial = s(additional, 'SerialNumber');
  if (serial === undefined && parts.length > 2 && (bus === 'USB' || bus === 'USBSTOR')) {
    const inst = parts[2].replace(/&\d+$/, ''); // USBSTOR appends "&0" (the LUN) to the serial
    if (inst.length > 0 && !inst.includes('&')) serial = inst;
  }
  const facts: UsbFacts = {
    vendorId,
    productId,
    vendor: s(additional, 'Manufacturer') ?? (stor !== undefined ? storField(stor, 'VEN_') : undefined),
    product: s(additional, 'DeviceDescription') ?? s(additional, 'ProductName') ?? (stor !== undefined ? storField(stor, 'PROD_') : undefined),
    serial,
  };
  return facts;
}
