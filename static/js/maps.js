// Maps of the projects' places (socle_site.kernel.maps; issue 24). Everything comes from
// data- attributes (no inline script under the CSP): the map box names the list of
// places it draws, each <li> carries data-lat, data-lon, data-name and maybe data-url.
// The box stays hidden unless Leaflet loaded and there is a place: then the list
// remains below it, for whoever cannot use the map.
(function () {
  "use strict";
  if (!window.L) return;
  document.querySelectorAll("[data-map]").forEach(function (box) {
    const list = document.getElementById(box.dataset.mapPlaces);
    if (!list) return;
    const places = Array.from(list.querySelectorAll("[data-lat][data-lon]"))
      .map(function (item) {
        return {
          lat: parseFloat(item.dataset.lat),
          lon: parseFloat(item.dataset.lon),
          name: item.dataset.name || "",
          url: item.dataset.url || "",
        };
      })
      .filter(function (place) { return isFinite(place.lat) && isFinite(place.lon); });
    if (!places.length) return;
    box.hidden = false;
    const map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.mapTiles, {
      attribution: box.dataset.mapAttribution || "",
      maxZoom: 19,
    }).addTo(map);
    places.forEach(function (place) {
      const marker = L.marker([place.lat, place.lon], { title: place.name, alt: place.name, keyboard: true });
      // Text nodes, never HTML: a project's name cannot inject markup.
      const label = document.createElement(place.url ? "a" : "strong");
      label.textContent = place.name;
      if (place.url) label.href = place.url;
      marker.bindPopup(label).addTo(map);
    });
    if (places.length === 1) {
      map.setView([places[0].lat, places[0].lon], 16);
    } else {
      map.fitBounds(places.map(function (p) { return [p.lat, p.lon]; }), { padding: [32, 32], maxZoom: 16 });
    }
  });
})();
