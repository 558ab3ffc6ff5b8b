// The live view of cachalot: polls the Actuator endpoint and draws hits and misses over time.
(function () {
  'use strict';

  const history = [];      // one {hits, misses} per second, the latest last
  const maxPoints = 60;
  let previous = null;

  function total(report) {
    const sum = { hits: 0, misses: 0, uncacheable: 0, invalidations: 0, tables: {}, stores: [] };
    for (const [name, dataSource] of Object.entries(report.dataSources)) {
      const counters = dataSource.counters;
      sum.hits += counters.hits;
      sum.misses += counters.misses;
      sum.uncacheable += Object.values(counters.uncacheable).reduce((a, b) => a + b, 0);
      sum.invalidations += counters.invalidations;
      for (const [table, at] of Object.entries(dataSource.lastInvalidations)) {
        sum.tables[table === '*' ? name + ' (everything)' : table] = at;
      }
      sum.stores.push(name + ': ' + dataSource.store);
    }
    return sum;
  }

  function show(sum) {
    const reads = sum.hits + sum.misses;
    document.getElementById('hit-ratio').textContent =
        reads === 0 ? '–' : Math.round((100 * sum.hits) / reads) + '%';
    document.getElementById('hits').textContent = sum.hits;
    document.getElementById('misses').textContent = sum.misses;
    document.getElementById('uncacheable').textContent = sum.uncacheable;
    document.getElementById('invalidation-count').textContent = sum.invalidations;
    const rows = Object.entries(sum.tables).sort((a, b) => (a[1] < b[1] ? 1 : -1));
    const body = document.getElementById('invalidations');
    body.replaceChildren(...rows.map(([table, at]) => {
      const row = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = table;
      const when = document.createElement('td');
      when.textContent = new Date(at).toLocaleTimeString();
      row.append(name, when);
      return row;
    }));
    document.getElementById('store').textContent = 'Backed by ' + sum.stores.join('; ');
  }

  function record(sum) {
    if (previous !== null) {
      history.push({ hits: sum.hits - previous.hits, misses: sum.misses - previous.misses });
      if (history.length > maxPoints) {
        history.shift();
      }
    }
    previous = sum;
  }

  function draw() {
    const canvas = document.getElementById('chart');
    const context = canvas.getContext('2d');
    context.clearRect(0, 0, canvas.width, canvas.height);
    const top = Math.max(1, ...history.map((point) => Math.max(point.hits, point.misses)));
    const step = canvas.width / (maxPoints - 1);
    for (const [key, colour] of [['hits', '#1b8a5a'], ['misses', '#c0582b']]) {
      context.strokeStyle = colour;
      context.lineWidth = 2;
      context.beginPath();
      history.forEach((point, index) => {
        const x = index * step;
        const y = canvas.height - 10 - ((canvas.height - 20) * point[key]) / top;
        if (index === 0) {
          context.moveTo(x, y);
        } else {
          context.lineTo(x, y);
        }
      });
      context.stroke();
    }
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  // one heading row per request, then one row per statement: outcome, bypass reason, tables, SQL
  function showStatements(requests) {
    const rows = [];
    for (const request of requests) {
      const heading = document.createElement('tr');
      heading.className = 'request';
      const title = cell(new Date(request.at).toLocaleTimeString() + '  ' + request.method + ' ' + request.path
          + ' → ' + request.status);
      title.colSpan = 4;
      heading.append(title);
      rows.push(heading);
      for (const statement of request.statements) {
        const row = document.createElement('tr');
        row.append(cell(statement.outcome, 'outcome ' + statement.outcome), cell(statement.reason || ''),
            cell(statement.tables.join(', ')), cell(statement.sql || '', 'sql'));
        rows.push(row);
      }
      if (request.more > 0) {
        const more = document.createElement('tr');
        const text = cell('… and ' + request.more + ' more');
        text.colSpan = 4;
        more.append(text);
        rows.push(more);
      }
    }
    document.getElementById('statements').replaceChildren(...rows);
  }

  async function refreshStatements() {
    const response = await fetch('api/activity/requests', { headers: { Accept: 'application/json' } });
    if (response.ok) {
      showStatements(await response.json());
    }
  }

  async function refresh() {
    refreshStatements().catch(() => {});
    try {
      const response = await fetch('actuator/cachalot', { headers: { Accept: 'application/json' } });
      if (!response.ok) {
        throw new Error('the cachalot endpoint answered ' + response.status);
      }
      const sum = total(await response.json());
      show(sum);
      record(sum);
      draw();
      document.getElementById('status').textContent = 'live';
    } catch (error) {
      document.getElementById('status').textContent = 'cannot reach cachalot: ' + error.message;
    }
  }

  async function act(label, requests) {
    for (const request of requests) {
      await request();
    }
    document.getElementById('last-action').textContent = label + ' at ' + new Date().toLocaleTimeString();
    refresh();
  }

  const get = (path) => () => fetch(path);
  const send = (method, path, body) => () => fetch(path, {
    method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const someBook = () => 1 + Math.floor(Math.random() * 8);

  document.getElementById('browse').addEventListener('click', () => act('Browsed the catalog',
      [get('api/books'), get('api/authors'), get('api/reports/top-authors'), get('api/reports/stock-value')]));
  document.getElementById('review').addEventListener('click', () => act('Added a review',
      [send('POST', 'api/books/' + someBook() + '/reviews', { rating: 5, comment: 'Loved it' })]));
  document.getElementById('restock').addEventListener('click', () => act('Restocked a book',
      [send('PUT', 'api/books/' + someBook() + '/stock', { quantity: 10 })]));
  // a setting changed at runtime, for every thread (CachalotProperties.setEnabled)
  document.getElementById('caching-off').addEventListener('click', () => act('Switched caching off',
      [() => fetch('api/activity/caching?enabled=false', { method: 'POST' })]));
  document.getElementById('caching-on').addEventListener('click', () => act('Switched caching on',
      [() => fetch('api/activity/caching?enabled=true', { method: 'POST' })]));

  refresh();
  setInterval(refresh, 1000);
}());
