// Sign-ins on a world map (SVG): Natural Earth countries (world-atlas 110m, bundled: no tile server), each sign-in a
// dot coloured by network class, travel between consecutive sign-ins a great-circle line (red when impossible), the
// claimed home a square. A table under the map lists the same points for screen readers and copying.
import { useMemo } from 'react';
import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countriesTopo from 'world-atlas/countries-110m.json';
import type { SignIns } from '../types.ts';
import { centralMeridian } from '../geo.ts';

const W = 960;
const H = 500;
const topo = countriesTopo as unknown as Topology<{ countries: GeometryCollection }>;
const land = feature(topo, topo.objects.countries);

function mapFor(center: number) {
  const projection = geoNaturalEarth1()
    .rotate([-center, 0])
    .fitExtent(
      [
        [8, 8],
        [W - 8, H - 8],
      ],
      { type: 'Sphere' },
    );
  const path = geoPath(projection);
  return {
    projection,
    path,
    countries: land.features.map((f, i) => ({ d: path(f) ?? '', key: String(f.id ?? i) })),
    sphere: path({ type: 'Sphere' }) ?? '',
    graticule: path(geoGraticule10()) ?? '',
  };
}

const RISKY = new Set(['hosting', 'vpn', 'tor', 'relay']);

export function WorldMap({ data, label }: { data: SignIns; label: string }) {
  const center = centralMeridian([...data.points.map((p) => p.lon), ...(data.home ? [data.home.lon] : [])]);
  const { projection, path, countries: countryPaths, sphere: spherePath, graticule: graticulePath } = useMemo(() => mapFor(center), [center]);
  const proj = (lon: number, lat: number) => projection([lon, lat]) ?? [0, 0];
  const home = data.home ? proj(data.home.lon, data.home.lat) : undefined;
  const impossible = data.travel.filter((t) => t.impossible).length;
  const countries = [...new Set(data.points.map((p) => p.country).filter(Boolean))];
  const summary = `${label}: ${data.points.length} sign-ins from ${countries.length} countries (${countries.join(', ') || 'none located'}), ${data.travel.length} moves of which ${impossible} impossible${data.home ? `; claimed home ${data.home.label}` : ''}.`;
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="world-map">
        <path d={spherePath} className="sphere" />
        <path d={graticulePath} className="graticule" />
        <g className="land">
          {countryPaths.map((c) => (
            <path key={c.key} d={c.d} />
          ))}
        </g>
        {home && (
          <g className="home" transform={`translate(${home[0]},${home[1]})`}>
            <rect x={-7} y={-7} width={14} height={14} />
            <title>{`Claimed home: ${data.home!.label}`}</title>
          </g>
        )}
        <g className="travel">
          {data.travel.map((t, i) => {
            const a = t.from;
            const b = t.to;
            const d = path({ type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] });
            return d ? <path key={i} d={d} className={t.impossible ? 'impossible' : 'possible'} /> : null;
          })}
        </g>
        <g className="points">
          {data.points.map((p, i) => {
            const [x, y] = proj(p.lon, p.lat);
            return (
              <circle key={i} cx={x} cy={y} r={4} className={RISKY.has(p.networkClass ?? '') ? 'risky' : 'ok'}>
                <title>{`${p.at} ${p.ip} ${p.city ?? ''} ${p.country ?? ''} (${p.networkClass ?? 'unknown'})`}</title>
              </circle>
            );
          })}
        </g>
      </svg>
      <figcaption>
        <span className="key home-key" aria-hidden="true" /> claimed home
        <span className="key ok-key" aria-hidden="true" /> sign-in
        <span className="key risky-key" aria-hidden="true" /> VPN / hosting / Tor / relay
        <span className="key line-key" aria-hidden="true" /> impossible travel
      </figcaption>
    </figure>
  );
}
