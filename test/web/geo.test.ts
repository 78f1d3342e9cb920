// The world map's central meridian: the antimeridian goes into the widest gap between the places shown.
import { describe, expect, it } from 'vitest';
import { centralMeridian } from '../../web/src/geo.ts';

/** Whether a longitude is at least `margin` degrees away from the map's edge (the antimeridian of `center`). */
const clear = (lon: number, center: number, margin: number) => {
  const d = Math.abs((((lon - center + 180) % 360) + 360) % 360 - 180);
  return 180 - d >= margin;
};

describe('centralMeridian', () => {
  it('is 0 for no place, and keeps Europe and Africa in the middle', () => {
    expect(centralMeridian([])).toBe(0);
    const c = centralMeridian([2.35, 13.4, -0.1, 31.2]);
    for (const lon of [2.35, 13.4, -0.1, 31.2]) expect(clear(lon, c, 90)).toBe(true);
  });

  it('draws California and the Russian Far East across the Pacific, away from the edge', () => {
    const lons = [-122.2, 135.07, 132.19, 4.89];
    const c = centralMeridian(lons);
    for (const lon of lons) expect(clear(lon, c, 30), `${lon} with center ${c}`).toBe(true);
    // the edge falls in the widest gap, between Amsterdam (4.9) and Khabarovsk (132): Central Asia, not the Pacific
    expect(clear(-170, c, 30)).toBe(true);
    expect(clear(68, c, 30)).toBe(false);
  });

  it('handles longitudes given beyond ±180', () => {
    expect(clear(190, centralMeridian([190, -170]), 60)).toBe(true);
  });
});
