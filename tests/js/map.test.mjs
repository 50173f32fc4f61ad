// Tests for static/js/map.js without a browser: node --test tests/js/
// A tiny fake of the DOM and of the few Leaflet calls map.js makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../static/js/map.js', import.meta.url), 'utf8');

class FakeElement {
  constructor(tag, attrs = {}) {
    this.tagName = tag.toUpperCase();
    this.attributes = {};
    this.dataset = {};
    this.children = [];
    this.listeners = {};
    this.textContent = '';
    this.className = '';
    this.value = '';
    this.parentNode = null;
    const self = this;
    this.classList = {
      add(c) { self.className = (self.className + ' ' + c).trim(); },
      remove(c) { self.className = self.className.split(' ').filter((x) => x !== c).join(' '); },
      contains(c) { return self.className.split(' ').includes(c); },
    };
    for (const [k, v] of Object.entries(attrs)) this.setAttribute(k, v);
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
    if (name.startsWith('data-')) {
      const key = name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      this.dataset[key] = String(value);
    }
    if (name === 'id') this.id = String(value);
    if (name === 'class') this.className = String(value);
  }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  hasAttribute(name) { return name in this.attributes; }
  removeAttribute(name) { delete this.attributes[name]; }
  appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
  insertBefore(child, ref) {
    child.parentNode = this;
    this.children.splice(this.children.indexOf(ref), 0, child);
    return child;
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  fire(type) { (this.listeners[type] || []).forEach((fn) => fn({ type })); }
  querySelectorAll() { return []; }
  get innerHTML() { throw new Error('map.js must not use innerHTML'); }
  set innerHTML(v) { throw new Error('map.js must not use innerHTML'); }
}

function all(root) {
  return [root, ...root.children.flatMap(all)];
}

// A fake Leaflet that records what map.js asks of it.
function fakeLeaflet() {
  const log = { maps: [], markers: [], groups: [] };
  const latLng = (ll) => ({ lat: ll[0], lng: ll[1], wrap() { return this; } });
  const L = {
    map(el, options) {
      const handlers = {};
      const m = {
        el, options, layers: [], view: null, bounds: null, pannedTo: null,
        setView(c, z) { this.view = { center: c, zoom: z }; return this; },
        fitBounds(b, o) { this.bounds = b; return this; },
        panTo(ll) { this.pannedTo = ll; return this; },
        addLayer(l) { this.layers.push(l); return this; },
        on(type, fn) { handlers[type] = fn; return this; },
        click(lat, lng) { handlers.click({ latlng: latLng([lat, lng]) }); },
        fire(type) { handlers[type]({ type }); },
        getZoom() { return this.view ? this.view.zoom : 0; },
        getBounds() {
          return {
            getWest: () => 11.2, getSouth: () => 44.4, getEast: () => 11.5, getNorth: () => 44.6,
          };
        },
      };
      log.maps.push(m);
      return m;
    },
    tileLayer(url, options) { return { url, options, addTo(map) { map.addLayer(this); return this; } }; },
    divIcon(options) { return { options }; },
    marker(latlng, options) {
      const mk = {
        latlng, options, popup: null,
        setLatLng(ll) { this.latlng = ll; return this; },
        bindPopup(fn) { this.popup = fn; return this; },
        on(type, fn) { this.handlers = { ...(this.handlers || {}), [type]: fn }; return this; },
        addTo(map) { map.addLayer(this); return this; },
      };
      log.markers.push(mk);
      return mk;
    },
    layerGroup() {
      const g = {
        layers: [],
        addLayer(l) { this.layers.push(l); return this; },
        clearLayers() { this.layers = []; return this; },
        addTo(map) { map.addLayer(this); return this; },
      };
      log.layerGroups = [...(log.layerGroups || []), g];
      return g;
    },
    markerClusterGroup(options) {
      const g = {
        options, layers: [],
        addLayer(l) { this.layers.push(l); return this; },
        clearLayers() { this.layers = []; return this; },
        getBounds() { return this.layers.map((l) => l.latlng); },
      };
      log.groups.push(g);
      return g;
    },
  };
  return { L, log };
}

function run(body, { fetchResult, reducedMotion = false, leaflet = {} } = {}) {
  const byId = {};
  const walk = (el) => all(el).forEach((e) => { if (e.id) byId[e.id] = e; });
  walk(body);
  const document = {
    readyState: 'complete',
    getElementById: (id) => byId[id] || null,
    querySelectorAll(sel) {
      const cls = sel.replace(/^\./, '');
      return all(body).filter((e) => e.classList.contains(cls));
    },
    createElement: (tag) => new FakeElement(tag),
    addEventListener() {},
  };
  const { L, log } = fakeLeaflet();
  Object.assign(L, leaflet);
  const context = {
    document, L, URL, Object, Math, Number, String, Array, Error, isFinite, parseInt,
    fetch: async (url, init) => {
      log.fetched = { url, init };
      const result = typeof fetchResult === 'function' ? fetchResult(url) : fetchResult;
      if (result instanceof Error) throw result;
      return { ok: result.status === 200, status: result.status, json: async () => result.body };
    },
    matchMedia: (q) => ({ matches: reducedMotion && q.includes('reduce') }),
    location: { href: 'https://pactum.example/commons/map' },
  };
  context.window = context;
  vm.runInNewContext(source, context);
  return log;
}

// Values made inside the vm context have its own Array/Object prototypes.
const plain = (v) => JSON.parse(JSON.stringify(v));

const tick = () => new Promise((r) => setTimeout(r, 0));

function commonsMapPage() {
  const body = new FakeElement('body');
  const el = new FakeElement('div', {
    id: 'commons-map', class: 'map',
    'data-geojson-url': '/commons.geojson?category=green_area&status=recognised',
    'data-tile-url': 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    'data-attribution': '&copy; OpenStreetMap contributors',
    'data-center': '44.4949,11.3426', 'data-zoom': '13',
    'data-label-open': 'Open the commons page',
    'data-label-loading': 'Loading the map…',
    'data-label-error': 'The map data could not be loaded; use the list below.',
  });
  body.appendChild(el);
  return { body, el };
}

const feature = (id, lng, lat, props = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: {
    id, name: `Garden <${id}>`, category: 'green_area', category_label: 'Green area',
    status: 'recognised', status_label: 'Recognised', district: 'Navile', url: `/commons/${id}`, ...props,
  },
});

test('does nothing without its elements, but shows .js-only', () => {
  const body = new FakeElement('body');
  const extra = body.appendChild(new FakeElement('p', { class: 'js-only', hidden: '' }));
  const log = run(body);
  assert.equal(log.maps.length, 0);
  assert.equal(extra.hasAttribute('hidden'), false);
});

test('commons map: markers in a cluster group, bounds fitted, popup built safely', async () => {
  const { body, el } = commonsMapPage();
  const log = run(body, {
    fetchResult: {
      status: 200,
      body: {
        type: 'FeatureCollection',
        features: [
          feature(1, 11.34, 44.49),
          feature(2, 11.35, 44.5, { status: 'dormant', url: 'javascript:alert(1)' }),
          { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} },
        ],
      },
    },
  });
  const status = body.children[0];
  assert.equal(status.getAttribute('role'), 'status');
  assert.equal(status.textContent, 'Loading the map…');
  assert.equal(body.children[1], el, 'status line sits just above the map');
  assert.equal(log.maps[0].layers[0].options.attribution, '&copy; OpenStreetMap contributors');
  await tick();
  assert.equal(log.fetched.url, '/commons.geojson?category=green_area&status=recognised');
  const group = log.groups[0];
  assert.equal(group.layers.length, 2, 'non-point features are skipped');
  assert.deepEqual(plain(group.layers[0].latlng), [44.49, 11.34], 'GeoJSON [lng, lat] is swapped');
  assert.equal(group.layers[0].options.icon.options.className, 'map-pin map-pin-recognised');
  assert.equal(group.layers[1].options.icon.options.className, 'map-pin map-pin-dormant');
  assert.equal(group.layers[0].options.title, 'Garden <1>');
  assert.ok(log.maps[0].layers.includes(group));
  assert.equal(log.maps[0].bounds.length, 2);
  assert.equal(status.textContent, '');

  const popup = group.layers[0].popup();
  const [title, category, st] = popup.children;
  assert.equal(title.children[0].tagName, 'A');
  assert.equal(title.children[0].textContent, 'Garden <1>');
  assert.equal(title.children[0].href, 'https://pactum.example/commons/1');
  assert.equal(category.textContent, 'Green area');
  assert.equal(st.textContent, 'Recognised');
  // A javascript: URL is never turned into a link.
  const unsafe = group.layers[1].popup().children[0];
  assert.equal(unsafe.children.length, 0);
  assert.equal(unsafe.textContent, 'Garden <2>');
});

test('commons map: empty collection keeps the given centre and zoom', async () => {
  const { body } = commonsMapPage();
  const log = run(body, { fetchResult: { status: 200, body: { type: 'FeatureCollection', features: [] } } });
  await tick();
  assert.deepEqual(plain(log.maps[0].view), { center: [44.4949, 11.3426], zoom: 13 });
  assert.equal(log.maps[0].bounds, null);
});

test('commons map: HTTP error shows the error label', async () => {
  const { body } = commonsMapPage();
  run(body, { fetchResult: { status: 500, body: null } });
  await tick();
  const status = body.children[0];
  assert.equal(status.textContent, 'The map data could not be loaded; use the list below.');
  assert.ok(status.classList.contains('map-status-error'));
});

test('reduced motion turns Leaflet and cluster animations off', async () => {
  const { body } = commonsMapPage();
  const log = run(body, { reducedMotion: true, fetchResult: { status: 200, body: { features: [] } } });
  assert.equal(log.maps[0].options.zoomAnimation, false);
  assert.equal(log.groups[0].options.animate, false);
});

function pickerForm(lat = '', lng = '') {
  const body = new FakeElement('body');
  const latInput = body.appendChild(new FakeElement('input', { id: 'lat' }));
  const lngInput = body.appendChild(new FakeElement('input', { id: 'lng' }));
  latInput.value = lat;
  lngInput.value = lng;
  const el = body.appendChild(new FakeElement('div', {
    class: 'map map-picker', 'data-picker-lat': 'lat', 'data-picker-lng': 'lng',
    'data-tile-url': 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'data-attribution': 'x',
    'data-center': '44.49,11.34', 'data-zoom': '13',
    'data-label-hint': 'Click the map to place the commons, or type the coordinates.',
  }));
  return { body, el, latInput, lngInput };
}

test('picker: click fills both inputs with 6 decimals and moves one marker', () => {
  const { body, el, latInput, lngInput } = pickerForm();
  const log = run(body);
  const map = log.maps[0];
  assert.equal(el.getAttribute('aria-hidden'), 'true');
  assert.equal(map.options.keyboard, false);
  assert.deepEqual(plain(map.view), { center: [44.49, 11.34], zoom: 13 });
  assert.ok(body.children.some((c) => c.textContent.startsWith('Click the map')), 'hint shown');
  assert.equal(log.markers.length, 0);
  map.click(44.4912345678, 11.3);
  assert.equal(latInput.value, '44.491235');
  assert.equal(lngInput.value, '11.300000');
  map.click(44.5, 11.4);
  assert.equal(log.markers.length, 1, 'a single marker');
  assert.equal(log.markers[0].latlng.lat, 44.5);
});

test('picker: starts on valid input values; typed values move the marker', () => {
  const { body, latInput, lngInput } = pickerForm('44.5', '11.35');
  const log = run(body);
  assert.deepEqual(plain(log.maps[0].view.center), [44.5, 11.35]);
  assert.deepEqual(plain(log.markers[0].latlng), [44.5, 11.35]);
  latInput.value = '44.6';
  latInput.fire('change');
  assert.deepEqual(plain(log.markers[0].latlng), [44.6, 11.35]);
  assert.deepEqual(plain(log.maps[0].pannedTo), [44.6, 11.35]);
  lngInput.value = 'nonsense';
  lngInput.fire('change');
  assert.deepEqual(plain(log.markers[0].latlng), [44.6, 11.35], 'invalid input leaves the marker');
  latInput.value = '95';
  lngInput.value = '11';
  latInput.fire('change');
  assert.deepEqual(plain(log.markers[0].latlng), [44.6, 11.35], 'out-of-range latitude is ignored');
});

test('district layer: drawn from its URL when the box is ticked, removed when unticked', async () => {
  const { body } = commonsMapPage();
  const box = body.appendChild(new FakeElement('input', {
    id: 'district-layer', type: 'checkbox', 'data-geojson-url': '/districts.geojson',
  }));
  const districts = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[11, 44], [11.1, 44], [11.1, 44.1], [11, 44]]] }, properties: { slug: 'bolognina', depth: 1 } }],
  };
  const drawn = [];
  const log = run(body, {
    fetchResult: (url) => url === '/districts.geojson'
      ? { status: 200, body: districts }
      : { status: 200, body: { type: 'FeatureCollection', features: [] } },
    leaflet: { geoJSON(data, options) { const g = { data, options }; drawn.push(g); return g; } },
  });
  await tick();
  const map = log.maps[0];
  map.removeLayer = (l) => { map.layers = map.layers.filter((x) => x !== l); return map; };
  assert.equal(drawn.length, 0, 'nothing loaded before the box is ticked');
  box.checked = true;
  box.fire('change');
  await tick(); await tick(); await tick();
  assert.equal(log.fetched.url, '/districts.geojson');
  assert.equal(drawn.length, 1);
  assert.equal(drawn[0].options.interactive, false);
  assert.equal(drawn[0].options.style(districts.features[0]).className, 'map-district map-district-depth-1');
  assert.ok(map.layers.includes(drawn[0]));
  box.checked = false;
  box.fire('change');
  await tick();
  assert.ok(!map.layers.includes(drawn[0]), 'unticked: removed');
  box.checked = true;
  box.fire('change');
  await tick();
  assert.equal(drawn.length, 1, 'loaded once');
  assert.ok(map.layers.includes(drawn[0]));
});

test('registry map: asks for each view, draws clusters that zoom in and pins', async () => {
  const { body, el } = commonsMapPage();
  el.setAttribute('data-map-url', '/commons/map.json?category=food');
  el.setAttribute('data-label-cluster', 'Commons in this area: #. Zoom in to see them.');
  const urls = [];
  const log = run(body, {
    fetchResult: (url) => {
      urls.push(url);
      return {
        status: 200,
        body: {
          type: 'FeatureCollection',
          total: 58,
          clustered: true,
          features: [
            { type: 'Feature', geometry: { type: 'Point', coordinates: [11.3, 44.5] },
              properties: { cluster: true, count: 57 } },
            { type: 'Feature', geometry: { type: 'Point', coordinates: [11.3, 44.5] },
              properties: { cluster: true, count: 'x' } },
            feature(9, 11.31, 44.51),
          ],
        },
      };
    },
  });
  await tick();
  assert.equal(urls.length, 1);
  assert.equal(
    urls[0],
    '/commons/map.json?category=food&bbox=11.200000,44.400000,11.500000,44.600000&zoom=13',
  );
  const clusters = log.layerGroups[0];
  assert.equal(clusters.layers.length, 1, 'a cluster without a count is skipped');
  const c = clusters.layers[0];
  assert.equal(c.options.title, 'Commons in this area: 57. Zoom in to see them.');
  assert.equal(c.options.icon.options.className, 'map-cluster');
  assert.equal(c.options.icon.options.html.textContent, '57');
  c.handlers.click();
  assert.deepEqual(plain(log.maps[0].view), { center: [44.5, 11.3], zoom: 15 });
  assert.equal(log.groups[0].layers.length, 1, 'the commons itself is a pin');
  assert.equal(log.groups[0].layers[0].options.title, 'Garden <9>');
  // Each move asks again and replaces what was drawn.
  log.maps[0].fire('moveend');
  await tick();
  assert.equal(urls.length, 2);
  assert.ok(urls[1].endsWith('&zoom=15'));
  assert.equal(clusters.layers.length, 1);
  assert.equal(log.groups[0].layers.length, 1);
});
