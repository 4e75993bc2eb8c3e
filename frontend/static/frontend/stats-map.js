// The statistics page's map: incidents by kelurahan, a disc per kelurahan at the
// gazetteer's centroid, larger and darker with more (the same scale as the
// reports' picture, frontend/map_image.py). The map is the live map's (map.js:
// the same config, tiles when reachable, the offline base map otherwise). The data
// are codes, points and counts: nothing a caller said, nor who called.

import { pageData } from "./common.js";
import { createMap } from "./map.js";

const data = pageData("stats-map-data");
// frontend/map_image.py's RAMP and RAMP_FROM.
const RAMP = ["#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
const RAMP_FROM = [1, 2, 5, 10];

function colour(count) {
  const step = RAMP_FROM.filter((bound) => count >= bound).length - 1;
  return RAMP[Math.max(0, step)];
}

function radius(count) {
  return Math.min(26, 2 + 2.5 * Math.sqrt(Math.max(0, count)));
}

const node = document.getElementById("stats-map");
const { map } = createMap(node, data.map);
const points = [...data.points].sort((a, b) => b.count - a.count);
for (const point of points) {
  L.circleMarker([point.lat, point.lon], {
    radius: radius(point.count),
    color: "#5a0000",
    weight: 1,
    fillColor: colour(point.count),
    fillOpacity: 0.85,
  })
    .bindTooltip(String(point.count))
    .addTo(map);
}
if (points.length) {
  map.fitBounds(
    points.map((p) => [p.lat, p.lon]),
    { maxZoom: 14, padding: [24, 24] },
  );
}
node.dataset.points = String(points.length);
