/*
 * Pactum place fields: suggestions from the city's street gazetteer while a person
 * types an address (GET /addresses/suggest?q=), filling the latitude and longitude
 * inputs the field names. Progressive enhancement only: without JavaScript the form
 * resolves the typed address on the server.
 *
 * The field becomes an ARIA 1.2 combobox with a listbox popup: arrow keys move
 * through the suggestions, Enter picks one, Escape closes the list; a polite status
 * line says how many suggestions there are. No inline styles, no innerHTML.
 */
(function () {
  'use strict';

  var DELAY_MS = 200;
  var counter = 0;

  function setup(input) {
    if (input.dataset.placesReady) return;
    input.dataset.placesReady = '1';
    var url = input.dataset.addressSuggest;
    var lat = document.getElementById(input.dataset.lat || '');
    var lng = document.getElementById(input.dataset.lng || '');
    counter += 1;
    var listId = 'place-suggestions-' + counter;

    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'place-suggestions';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.insertAdjacentElement('afterend', list);
    list.insertAdjacentElement('afterend', status);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    input.setAttribute('autocomplete', 'off');

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll('[role=option]');
      options.forEach(function (o, j) { o.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function choose(i) {
      var a = items[i];
      if (!a) return;
      input.value = String(a.label || '');
      if (lat && lng && isFinite(a.lat) && isFinite(a.lng)) {
        lat.value = Number(a.lat).toFixed(6);
        lng.value = Number(a.lng).toFixed(6);
        // The map picker follows its inputs' change events.
        lat.dispatchEvent(new Event('change'));
        input.dataset.filled = '1';
      }
      close();
      input.focus();
    }

    function show(found) {
      items = found;
      list.textContent = '';
      found.forEach(function (a, i) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = String(a.label || '');
        if (a.district) {
          var d = document.createElement('span');
          d.className = 'place-suggestion-district';
          d.textContent = ' · ' + String(a.district);
          li.appendChild(d);
        }
        // mousedown, before the input's blur closes the list.
        li.addEventListener('mousedown', function (e) {
          e.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      if (found.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        status.textContent = (input.dataset.labelCount || '') + ' ' + found.length;
      } else {
        close();
        status.textContent = input.dataset.labelNone || '';
      }
      active = -1;
    }

    async function lookup(text) {
      if (pending) pending.abort();
      pending = typeof AbortController === 'function' ? new AbortController() : null;
      try {
        var response = await fetch(url + '?q=' + encodeURIComponent(text), {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          signal: pending ? pending.signal : undefined
        });
        if (!response.ok) return;
        var json = await response.json();
        show(json && Array.isArray(json.items) ? json.items.slice(0, 10) : []);
      } catch (e) {
        // Aborted or offline: the form still works without suggestions.
      }
    }

    input.addEventListener('input', function () {
      // A new text: coordinates taken from an earlier suggestion no longer hold.
      if (lat && lng && input.dataset.filled === '1') {
        lat.value = '';
        lng.value = '';
      }
      input.dataset.filled = '';
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) {
        show([]);
        status.textContent = '';
        return;
      }
      timer = setTimeout(function () { lookup(text); }, DELAY_MS);
    });

    input.addEventListener('keydown', function (e) {
      if (list.hidden) {
        if (e.key === 'ArrowDown' && items.length) {
          list.hidden = false;
          input.setAttribute('aria-expanded', 'true');
          highlight(0);
          e.preventDefault();
        }
        return;
      }
      if (e.key === 'ArrowDown') {
        highlight(Math.min(active + 1, items.length - 1));
        e.preventDefault();
      } else if (e.key === 'ArrowUp') {
        highlight(Math.max(active - 1, 0));
        e.preventDefault();
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === 'Escape') {
        close();
        e.preventDefault();
      }
    });

    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  function init() {
    document.querySelectorAll('input[data-address-suggest]').forEach(setup);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
