// Map arithmetic without the DOM (tested in test/web/geo.test.ts).

/**
 * The central meridian that keeps every place away from the map's edge: the antimeridian goes in the middle of the
 * widest gap between the longitudes shown, so a trip from California to the Russian Far East is drawn across the
 * Pacific instead of leaving one side of the map and coming back on the other.
 */
export function centralMeridian(lons: number[]): number {
  if (lons.length === 0) return 0;
  const xs = [...new Set(lons.map((l) => ((((l + 180) % 360) + 360) % 360) - 180))].sort((a, b) => a - b);
  let gapStart = xs[xs.length - 1];
  let gap = xs[0] + 360 - xs[xs.length - 1];
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] - xs[i - 1] > gap) {
      gap = xs[i] - xs[i - 1];
      gapStart = xs[i - 1];
    }
  }
  const antimeridian = gapStart + gap / 2;
  return Math.round(antimeridian - 180);
}
