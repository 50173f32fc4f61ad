// Tests for static/js/places.js without a browser: node --test tests/js/
// A tiny fake of the few DOM calls the address suggestions make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../static/js/places.js', import.meta.url), 'utf8');

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
    this.hidden = false;
    this.siblings = [];
    for (const [k, v] of Object.entries(attrs)) this.setAttribute(k, v);
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
    if (name.startsWith('data-')) {
      const key = name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      this.dataset[key] = String(value);
    }
    if (name === 'id') this.id = String(value);
  }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  removeAttribute(name) { delete this.attributes[name]; }
  appendChild(child) { this.children.push(child); return child; }
  insertAdjacentElement(where, el) { this.siblings.push(el); return el; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  fire(type, extra = {}) {
    const e = { type, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
    (this.listeners[type] || []).forEach((fn) => fn(e));
    return e;
  }
  dispatchEvent(e) { this.fire(e.type); }
  querySelectorAll(sel) { return sel === '[role=option]' ? this.children : []; }
  scrollIntoView() {}
  focus() {}
  get innerHTML() { throw new Error('places.js must not use innerHTML'); }
  set innerHTML(v) { throw new Error('places.js must not use innerHTML'); }
}

function page(answer) {
  const input = new FakeElement('input', {
    id: 'address', 'data-address-suggest': '/addresses/suggest', 'data-lat': 'lat', 'data-lng': 'lng',
    'data-label-count': 'Suggestions:', 'data-label-none': 'No address matches.',
  });
  const lat = new FakeElement('input', { id: 'lat' });
  const lng = new FakeElement('input', { id: 'lng' });
  const byId = { address: input, lat, lng };
  const fetched = [];
  const context = {
    document: {
      readyState: 'complete',
      getElementById: (id) => byId[id] || null,
      querySelectorAll: (sel) => (sel === 'input[data-address-suggest]' ? [input] : []),
      createElement: (tag) => new FakeElement(tag),
      addEventListener() {},
    },
    fetch: async (url) => {
      fetched.push(url);
      return { ok: true, json: async () => answer };
    },
    setTimeout: (fn) => { fn(); return 1; },
    clearTimeout() {},
    AbortController: class { constructor() { this.signal = {}; } abort() {} },
    Event: class { constructor(type) { this.type = type; } },
    encodeURIComponent, Number, String, Array, Math, isFinite,
  };
  context.window = context;
  vm.runInNewContext(source, context);
  const [list] = input.siblings;
  const [status] = list.siblings;
  return { input, lat, lng, list, status, fetched };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const answer = {
  items: [
    { label: 'Via Zamboni 33', lat: 44.4968, lng: 11.3524, district: 'Santo Stefano' },
    { label: 'Via Zamboni 33/B', lat: 44.4969, lng: 11.3526, district: null },
  ],
};

test('the field becomes a combobox whose suggestions fill the coordinates', async () => {
  const { input, lat, lng, list, status, fetched } = page(answer);
  assert.equal(input.getAttribute('role'), 'combobox');
  assert.equal(input.getAttribute('aria-controls'), list.id);
  assert.equal(list.getAttribute('role'), 'listbox');
  assert.equal(status.getAttribute('role'), 'status');
  input.value = 'zamboni 33';
  input.fire('input');
  await tick(); await tick();
  assert.equal(fetched[0], '/addresses/suggest?q=zamboni%2033');
  assert.equal(list.hidden, false);
  assert.equal(input.getAttribute('aria-expanded'), 'true');
  assert.equal(list.children.length, 2);
  assert.equal(list.children[0].textContent, 'Via Zamboni 33');
  assert.equal(list.children[0].children[0].textContent, ' · Santo Stefano');
  assert.equal(status.textContent, 'Suggestions: 2');
  // Arrow down twice, then Enter: the second one.
  input.fire('keydown', { key: 'ArrowDown' });
  input.fire('keydown', { key: 'ArrowDown' });
  assert.equal(input.getAttribute('aria-activedescendant'), list.children[1].id);
  assert.equal(list.children[1].getAttribute('aria-selected'), 'true');
  const enter = input.fire('keydown', { key: 'Enter' });
  assert.ok(enter.defaultPrevented, 'Enter picks, it does not send the form');
  assert.equal(input.value, 'Via Zamboni 33/B');
  assert.equal(lat.value, '44.496900');
  assert.equal(lng.value, '11.352600');
  assert.equal(list.hidden, true);
  assert.equal(input.getAttribute('aria-expanded'), 'false');
  // Typing again: the coordinates of the earlier pick no longer hold.
  input.value = 'Via Zamboni 3';
  input.fire('input');
  assert.equal(lat.value, '');
  assert.equal(lng.value, '');
});

test('too short a text asks nothing; no match is said', async () => {
  const { input, list, status, fetched } = page({ items: [] });
  input.value = 'z';
  input.fire('input');
  await tick();
  assert.equal(fetched.length, 0);
  input.value = 'zz';
  input.fire('input');
  await tick(); await tick();
  assert.equal(fetched.length, 1);
  assert.equal(list.hidden, true);
  assert.equal(status.textContent, 'No address matches.');
});

test('typed coordinates are left alone when nothing was picked', async () => {
  const { input, lat } = page(answer);
  lat.value = '44.5';
  input.value = 'Via Nuova';
  input.fire('input');
  assert.equal(lat.value, '44.5');
});
