/*
 * Pactum maps: the commons map (#commons-map) with its optional district layer
 * (#district-layer), and the propose form's location picker (.map-picker). Progressive enhancement only: without JavaScript the
 * list of commons and the coordinate inputs do the same job.
 *
 * The registry's map (data-map-url) asks the server for each view: commons one by one
 * when few, clusters the server counted when many. Needs Leaflet (global L) and, to
 * group nearby pins, leaflet.markercluster, loaded
 * before this file. Works under `script-src 'self'; style-src 'self'`: no inline
 * styles in markup, popup content is built with DOM calls, never innerHTML.
 */
(function () {
  'use strict';

  var KNOWN_STATUSES = ['recognised', 'proposed', 'dormant'];

  function prefersReducedMotion() {
    return typeof window.matchMedia === 'function' &&
      window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  // "44.4949,11.3426" -> [44.4949, 11.3426], or null if not a valid pair.
  function parseLatLng(text) {
    var parts = String(text || '').split(',');
    if (parts.length !== 2) return null;
    return validLatLng(parseNumber(parts[0]), parseNumber(parts[1]));
  }

  // A plain decimal number ("44.49", "-7", " 11,34 " with a decimal comma), else NaN.
  function parseNumber(text) {
    var s = String(text || '').trim().replace(',', '.');
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
  }

  function validLatLng(lat, lng) {
    if (!isFinite(lat) || !isFinite(lng)) return null;
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
    return [lat, lng];
  }

  function parseZoom(text, fallback) {
    var z = parseInt(text, 10);
    return z >= 0 && z <= 19 ? z : fallback;
  }

  // Only http(s) links (relative ones resolve against the page), never javascript: etc.
  function safeHref(url) {
    if (!url) return null;
    try {
      var u = new URL(String(url), window.location.href);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // A Leaflet map with the element's tile layer; animations off for reduced motion.
  function createMap(el, extraOptions) {
    var still = prefersReducedMotion();
    var map = L.map(el, Object.assign({
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      inertia: !still
    }, extraOptions || {}));
    if (el.dataset.tileUrl) {
      // The attribution arrives HTML-escaped from the server, which controls it;
      // Leaflet renders it as HTML, so it is passed on as given.
      L.tileLayer(el.dataset.tileUrl, {
        attribution: el.dataset.attribution || '',
        maxZoom: 19
      }).addTo(map);
    }
    return map;
  }

  // Round markers drawn by map.css (.map-pin-<status>); one icon per status.
  var icons = {};
  function pinIcon(kind) {
    if (!icons[kind]) {
      icons[kind] = L.divIcon({
        className: 'map-pin map-pin-' + kind,
        iconSize: [24, 24],
        popupAnchor: [0, -12]
      });
    }
    return icons[kind];
  }

  function statusKind(status) {
    return KNOWN_STATUSES.indexOf(status) >= 0 ? status : 'other';
  }

  function textElement(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = text;
    return node;
  }

  // Popup: the name linking to the commons page, then category and status.
  function popupContent(props, openLabel) {
    var box = document.createElement('div');
    box.className = 'map-popup';
    var name = String(props.name || '');
    var title = textElement('p', 'map-popup-title', '');
    var href = safeHref(props.url);
    if (href) {
      var link = textElement('a', '', name);
      link.href = href;
      if (openLabel) link.title = openLabel;
      title.appendChild(link);
    } else {
      title.textContent = name;
    }
    box.appendChild(title);
    if (props.category_label) {
      box.appendChild(textElement('p', 'map-popup-category', String(props.category_label)));
    }
    if (props.status_label) {
      box.appendChild(textElement('p', 'map-popup-status map-popup-status-' + statusKind(props.status),
        String(props.status_label)));
    }
    return box;
  }

  // A marker for one GeoJSON Point feature, or null if the feature is unusable.
  function featureMarker(feature, openLabel) {
    var geometry = feature && feature.geometry;
    if (!geometry || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) return null;
    // GeoJSON order is [longitude, latitude].
    var latlng = validLatLng(Number(geometry.coordinates[1]), Number(geometry.coordinates[0]));
    if (!latlng) return null;
    var props = feature.properties || {};
    var marker = L.marker(latlng, {
      icon: pinIcon(statusKind(props.status)),
      title: String(props.name || ''), // tooltip and accessible name of the focusable marker
      riseOnHover: true
    });
    // Built when first opened; Enter on a focused marker opens it too (Leaflet 1.9).
    marker.bindPopup(function () { return popupContent(props, openLabel); });
    return marker;
  }

  // A Polygon or MultiPolygon feature with coordinates (a site outline).
  function isOutline(f) {
    var g = f && f.geometry;
    return typeof L.geoJSON === 'function' && g && /Polygon$/.test(g.type) &&
      Array.isArray(g.coordinates) && g.coordinates.length > 0;
  }

  async function initCommonsMap(el) {
    var data = el.dataset;
    var status = document.createElement('p');
    status.className = 'map-status';
    status.setAttribute('role', 'status');
    el.parentNode.insertBefore(status, el);
    status.textContent = data.labelLoading || '';

    var map = createMap(el);
    map.setView(parseLatLng(data.center) || [0, 0], parseZoom(data.zoom, 13));
    var districtBox = document.getElementById('district-layer');
    if (districtBox && districtBox.dataset.geojsonUrl) initDistrictLayer(map, districtBox);

    var group = typeof L.markerClusterGroup === 'function'
      ? L.markerClusterGroup({ animate: !prefersReducedMotion(), showCoverageOnHover: false })
      : L.featureGroup();

    if (data.mapUrl) {
      initViewMap(map, data, group, status);
      return;
    }

    try {
      var response = await fetch(data.geojsonUrl, {
        credentials: 'same-origin',
        headers: { Accept: 'application/geo+json, application/json' }
      });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      var json = await response.json();
      var features = json && Array.isArray(json.features) ? json.features : [];
      var markers = [];
      var outlines = [];
      features.forEach(function (f) {
        var m = featureMarker(f, data.labelOpen);
        if (m) {
          markers.push(m);
        } else if (isOutline(f)) {
          // A commons' site outline (on its own page): drawn, not clustered.
          outlines.push(L.geoJSON(f, { interactive: false, className: 'map-site' }));
        }
      });
      markers.forEach(function (m) { group.addLayer(m); });
      map.addLayer(group);
      outlines.forEach(function (o) { o.addTo(map); });
      if (outlines.length) {
        var bounds = outlines[0].getBounds();
        outlines.slice(1).forEach(function (o) { bounds.extend(o.getBounds()); });
        if (markers.length) bounds.extend(group.getBounds());
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
      } else if (markers.length) {
        map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 });
      }
      status.textContent = '';
    } catch (err) {
      status.textContent = data.labelError || '';
      status.classList.add('map-status-error');
    }
  }

  // A cluster of commons the server counted in one cell of the view's grid: its count
  // on a disc; activating it (click, or Enter when focused) zooms in on it.
  function clusterMarker(map, feature, label) {
    var g = feature && feature.geometry;
    if (!g || g.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
    var latlng = validLatLng(Number(g.coordinates[1]), Number(g.coordinates[0]));
    var count = Number(feature.properties && feature.properties.count);
    if (!latlng || !isFinite(count) || count < 1) return null;
    var face = textElement('span', '', String(count));
    var size = count < 100 ? 34 : count < 1000 ? 42 : 50;
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: 'map-cluster', html: face, iconSize: [size, size] }),
      title: String(label || '#').replace('#', String(count)),
      riseOnHover: true
    });
    marker.on('click', function () {
      map.setView(latlng, Math.min(map.getZoom() + 2, 19));
    });
    return marker;
  }

  function clampTo(v, limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  // The commons map of a whole registry: asks the server for what is in view at each
  // move (one by one when few, counted per grid cell when many), so a city of any
  // size costs the same bounded answer.
  function initViewMap(map, data, group, status) {
    var clusters = L.layerGroup().addTo(map);
    map.addLayer(group);
    var asked = 0;
    async function load() {
      var mine = ++asked;
      var b = map.getBounds();
      var bbox = [
        clampTo(b.getWest(), 180), clampTo(b.getSouth(), 90),
        clampTo(b.getEast(), 180), clampTo(b.getNorth(), 90)
      ].map(function (n) { return n.toFixed(6); }).join(',');
      var url = data.mapUrl + (data.mapUrl.indexOf('?') >= 0 ? '&' : '?') +
        'bbox=' + bbox + '&zoom=' + Math.round(map.getZoom());
      try {
        var response = await fetch(url, {
          credentials: 'same-origin',
          headers: { Accept: 'application/geo+json, application/json' }
        });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        var json = await response.json();
        if (mine !== asked) return; // a later move asked again meanwhile
        group.clearLayers();
        clusters.clearLayers();
        var features = json && Array.isArray(json.features) ? json.features : [];
        features.forEach(function (f) {
          if (f && f.properties && f.properties.cluster) {
            var c = clusterMarker(map, f, data.labelCluster);
            if (c) clusters.addLayer(c);
          } else {
            var m = featureMarker(f, data.labelOpen);
            if (m) group.addLayer(m);
          }
        });
        status.textContent = '';
        status.classList.remove('map-status-error');
      } catch (err) {
        if (mine !== asked) return;
        status.textContent = data.labelError || '';
        status.classList.add('map-status-error');
      }
    }
    map.on('moveend', load);
    load();
  }

  // The district layer: a checkbox (#district-layer, shown only with JavaScript)
  // draws the districts' outlines from its data-geojson-url, loaded on first use.
  function initDistrictLayer(map, box) {
    var layer = null;
    var loading = false;
    box.addEventListener('change', async function () {
      if (!box.checked) {
        if (layer && typeof map.removeLayer === 'function') map.removeLayer(layer);
        return;
      }
      if (layer) {
        map.addLayer(layer);
        return;
      }
      if (loading || typeof L.geoJSON !== 'function') return;
      loading = true;
      try {
        var response = await fetch(box.dataset.geojsonUrl, {
          credentials: 'same-origin',
          headers: { Accept: 'application/geo+json, application/json' }
        });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        var json = await response.json();
        layer = L.geoJSON(json, {
          interactive: false,
          style: function (f) {
            var depth = Math.min(Number((f && f.properties && f.properties.depth) || 0), 3);
            return { className: 'map-district map-district-depth-' + (isFinite(depth) ? depth : 0) };
          }
        });
        if (box.checked) map.addLayer(layer);
      } catch (err) {
        box.checked = false;
      } finally {
        loading = false;
      }
    });
  }

  function initPicker(el) {
    var data = el.dataset;
    var latInput = document.getElementById(data.pickerLat || '');
    var lngInput = document.getElementById(data.pickerLng || '');
    if (!latInput || !lngInput) return;

    // The inputs are the accessible path; the map is a pointer-only shortcut.
    el.setAttribute('aria-hidden', 'true');
    if (data.labelHint) {
      var hint = textElement('p', 'hint map-hint', data.labelHint);
      el.parentNode.insertBefore(hint, el);
    }

    var map = createMap(el, { keyboard: false });
    var marker = null;
    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { icon: pinIcon('picked'), keyboard: false, interactive: false }).addTo(map);
      }
    }
    function readInputs() {
      return validLatLng(parseNumber(latInput.value), parseNumber(lngInput.value));
    }

    var start = readInputs();
    map.setView(start || parseLatLng(data.center) || [0, 0], parseZoom(data.zoom, 13));
    if (start) place(start);
    // Nothing inside an aria-hidden region may take focus: take the zoom buttons and
    // attribution links (rendered by now, once the view is set) out of the tab order.
    el.querySelectorAll('a, button, input, [tabindex]').forEach(function (node) {
      node.setAttribute('tabindex', '-1');
    });

    map.on('click', function (e) {
      var ll = e.latlng.wrap(); // keep longitude within -180..180 after panning round the world
      latInput.value = ll.lat.toFixed(6); // toFixed always uses a dot
      lngInput.value = ll.lng.toFixed(6);
      place(ll);
    });
    function onTyped() {
      var ll = readInputs();
      if (ll) {
        place(ll);
        map.panTo(ll);
      }
    }
    latInput.addEventListener('change', onTyped);
    lngInput.addEventListener('change', onTyped);
  }

  // "Use my location" buttons: fill the latitude and longitude inputs they name.
  function initLocate(button) {
    if (!('geolocation' in navigator)) return;
    button.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lat = document.getElementById(button.dataset.lat || '');
        var lng = document.getElementById(button.dataset.lng || '');
        if (!lat || !lng) return;
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        lat.dispatchEvent(new Event('change'));
        if (lat.form) lat.form.requestSubmit ? lat.form.requestSubmit() : lat.form.submit();
      }, function () {
        button.disabled = true;
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
    });
  }

  function init() {
    // Show what only works with JavaScript first, so maps inside it get their size.
    document.querySelectorAll('.js-only').forEach(function (node) {
      if (node.classList.contains('js-locate') && !('geolocation' in navigator)) return;
      node.removeAttribute('hidden');
    });
    document.querySelectorAll('.js-locate').forEach(initLocate);
    if (typeof window.L === 'undefined') return;
    var commonsMap = document.getElementById('commons-map');
    if (commonsMap && commonsMap.dataset.geojsonUrl) initCommonsMap(commonsMap);
    document.querySelectorAll('.map-picker').forEach(initPicker);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
