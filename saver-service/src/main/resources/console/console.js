'use strict';
// The compute console. Everything a user or a node named (ids, names, texts, statuses) is put
// into the page with textContent, never as markup; the page's Content-Security-Policy allows
// no inline script. The API answers problem documents (RFC 9457), shown as they say.

const state = { jobId: null, charts: {}, events: null, fallback: null, throttles: {} };

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

function row(cells, attrs) {
  const tr = el('tr', null, attrs);
  for (const cell of cells) {
    const td = el('td');
    if (cell instanceof Node) td.append(cell); else td.textContent = cell === null || cell === undefined ? '' : String(cell);
    tr.append(td);
  }
  return tr;
}

async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const problem = data || { title: response.statusText, status: response.status };
    throw Object.assign(new Error(problem.detail || problem.title || ('HTTP ' + response.status)), { problem });
  }
  return data;
}

function showProblems(container, error) {
  container.replaceChildren();
  if (!error) return;
  const problem = error.problem || { detail: error.message };
  container.append(el('p', problem.detail || problem.title || error.message));
  if (Array.isArray(problem.problems) && problem.problems.length) {
    const list = el('ul');
    for (const item of problem.problems) list.append(el('li', item));
    container.append(list);
  }
}

function when(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

// nodes

async function refreshNodes() {
  const nodes = await api('GET', '/api/nodes');
  const body = document.querySelector('#nodes tbody');
  body.replaceChildren(...nodes.map(node => row([node.id, node.status, (node.elections || []).join(', '), when(node.lastSeen),
    node.jobsDone, node.inFlight], node.status === 'lost' ? { class: 'lost', 'data-node': node.id } : { 'data-node': node.id })));
  document.getElementById('no-nodes').hidden = nodes.length > 0;
}

// elections

async function refreshElections() {
  const elections = await api('GET', '/api/elections');
  const list = document.getElementById('elections');
  list.replaceChildren(...elections.map(election => {
    const item = el('li', null, { 'data-election': election.id });
    const open = el('button', election.id, { type: 'button', class: 'link' });
    open.addEventListener('click', () => showElection(election.id));
    item.append(open, document.createTextNode(' · ' + election.name + ' · ' + election.statements + ' statements, '
      + election.parties + ' parties'));
    return item;
  }));
  const select = document.querySelector('#job-form select[name=electionId]');
  const chosen = select.value;
  select.replaceChildren(...elections.map(election => el('option', election.id + ' (' + election.name + ')', { value: election.id })));
  if (chosen && elections.some(e => e.id === chosen)) select.value = chosen;
}

async function showElection(id) {
  const election = await api('GET', '/api/elections/' + encodeURIComponent(id));
  document.getElementById('election-detail').hidden = false;
  document.getElementById('election-title').textContent = election.id + ': ' + election.name;
  const head = document.querySelector('#election-table thead');
  const headRow = el('tr');
  headRow.append(el('th', 'Statement'), el('th', 'Weight'), ...election.parties.map(p => el('th', p.name || p.id, { title: p.id })));
  head.replaceChildren(headRow);
  document.querySelector('#election-table tbody').replaceChildren(...election.statements.map((statement, s) =>
    row([statement.text || statement.id, statement.weight || 1, ...election.parties.map(p => p.positions[s])])));
}

function lines(text) {
  return text.split('\n').map(line => line.trim()).filter(line => line.length > 0).map(line => line.split('|').map(part => part.trim()));
}

function number(text) {
  return text === '' || text === undefined ? null : Number(text);
}

async function createElection(event) {
  event.preventDefault();
  const form = event.target;
  const problems = document.getElementById('election-problems');
  const election = {
    id: form.elements.id.value.trim(),
    name: form.elements.name.value.trim(),
    statements: lines(form.elements.statements.value).map(([id, text, weight]) => ({ id, text: text || null, weight: number(weight) })),
    parties: lines(form.elements.parties.value).map(([id, name, positions]) => ({ id, name: name || null,
      positions: (positions || '').split(',').map(p => p.trim()).filter(p => p !== '').map(Number) })),
  };
  try {
    await api('POST', '/api/elections', election);
    showProblems(problems, null);
    form.reset();
    await refreshElections();
    document.querySelector('#job-form select[name=electionId]').value = election.id;
    await showElection(election.id);
  } catch (error) {
    showProblems(problems, error);
  }
}

// jobs

async function startJob(event) {
  event.preventDefault();
  const form = event.target;
  const problems = document.getElementById('job-problems');
  const request = { electionId: form.elements.electionId.value, generate: number(form.elements.generate.value) };
  if (form.elements.seed.value !== '') request.seed = number(form.elements.seed.value);
  if (form.elements.batchSize.value !== '') request.batchSize = number(form.elements.batchSize.value);
  try {
    const job = await api('POST', '/api/jobs', request);
    showProblems(problems, null);
    await refreshJobs();
    openJob(job.jobId);
  } catch (error) {
    showProblems(problems, error);
  }
}

async function cancelJob(jobId) {
  try {
    await api('DELETE', '/api/jobs/' + encodeURIComponent(jobId));
  } catch (error) {
    showProblems(document.getElementById('job-problems'), error);
  }
  await refreshJobs();
}

async function refreshJobs() {
  const list = await api('GET', '/api/jobs?size=20');
  document.querySelector('#jobs tbody').replaceChildren(...list.items.map(job => {
    const progress = el('progress', null, { max: '1', value: String(job.progress) });
    progress.textContent = Math.floor(job.progress * 100) + '%';
    const percent = el('span', ' ' + Math.floor(job.progress * 100) + '%', { class: 'percent' });
    const bar = el('span');
    bar.append(progress, percent);
    const open = el('button', job.jobId.substring(0, 8), { type: 'button', class: 'link', title: job.jobId });
    open.addEventListener('click', () => openJob(job.jobId));
    let action = '';
    if (job.state === 'running') {
      action = el('button', 'Cancel', { type: 'button', class: 'cancel' });
      action.addEventListener('click', () => cancelJob(job.jobId));
    }
    const stateCell = el('span', job.state, { class: 'state-' + job.state });
    return row([open, job.electionId, stateCell, bar, job.done, job.failed, job.cancelled, job.resultsPerSecond, action],
      { 'data-job': job.jobId, 'data-state': job.state, 'data-progress': String(job.progress),
        class: job.jobId === state.jobId ? 'selected' : '' });
  }));
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function openJob(jobId) {
  state.jobId = jobId;
  location.hash = 'job=' + encodeURIComponent(jobId);
  document.getElementById('job-section').hidden = false;
  refreshJob();
}

async function refreshJob() {
  if (!state.jobId) return;
  const jobId = state.jobId;
  const [status, summary] = await Promise.all([api('GET', '/api/jobs/' + encodeURIComponent(jobId)),
    api('GET', '/api/jobs/' + encodeURIComponent(jobId) + '/summary')]);
  if (jobId !== state.jobId) return;
  const section = document.getElementById('job-section');
  section.dataset.job = jobId;
  section.dataset.state = status.state;
  document.getElementById('job-id').textContent = jobId;
  document.getElementById('job-state').textContent = status.state;
  document.getElementById('job-counts').textContent = status.done + ' done, ' + status.failed + ' failed, ' + status.cancelled
    + ' cancelled of ' + status.total + ' (' + status.resultsPerSecond + ' results/s)';
  document.getElementById('job-csv').href = '/api/jobs/' + encodeURIComponent(jobId) + '/results.csv';
  document.querySelector('#summary tbody').replaceChildren(...summary.parties.map(party =>
    row([party.name + ' (' + party.partyId + ')', party.meanAgreement.toFixed(2) + '%', party.firstPlaces,
      (party.firstPlaceShare * 100).toFixed(1) + '%'])));
  drawCharts(summary);
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9333ea', '#475569'];

function drawCharts(summary) {
  if (typeof Chart === 'undefined') return;
  const labels = summary.parties.map(p => p.name || p.partyId);
  const share = summary.parties.map(p => Math.round(p.firstPlaceShare * 1000) / 10);
  const buckets = ['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100'];
  const histograms = summary.parties.map((p, i) => ({ label: p.name || p.partyId, data: p.histogram,
    backgroundColor: PALETTE[i % PALETTE.length] }));
  if (state.charts.job !== summary.jobId) {
    for (const chart of [state.charts.first, state.charts.histogram]) if (chart) chart.destroy();
    state.charts.job = summary.jobId;
    state.charts.first = new Chart(document.getElementById('first-chart'), {
      type: 'bar',
      data: { labels, datasets: [{ label: 'first place, % of answer sets', data: share, backgroundColor: labels.map((_, i) => PALETTE[i % PALETTE.length]) }] },
      options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } } },
    });
    state.charts.histogram = new Chart(document.getElementById('histogram-chart'), {
      type: 'bar',
      data: { labels: buckets, datasets: histograms },
      options: { animation: false, scales: { x: { title: { display: true, text: 'agreement %' } }, y: { beginAtZero: true } } },
    });
  } else {
    state.charts.first.data.labels = labels;
    state.charts.first.data.datasets[0].data = share;
    state.charts.first.update();
    state.charts.histogram.data.datasets = histograms;
    state.charts.histogram.update();
  }
}

async function tick(work) {
  try {
    await work();
  } catch (error) {
    document.getElementById('updated').textContent = 'not updated: ' + error.message;
  }
}

// at most one run a second, the last request always honoured: a finished job's last event is never lost
function throttled(name, work) {
  const slot = state.throttles[name] || (state.throttles[name] = { last: 0, timer: null });
  if (slot.timer) return;
  const wait = Math.max(0, slot.last + 1000 - Date.now());
  slot.timer = setTimeout(() => {
    slot.timer = null;
    slot.last = Date.now();
    tick(work);
  }, wait);
}

// a job event updates its row in place; a job this page has not listed, or one that ended, reloads the list
function onJobEvent(message) {
  const job = JSON.parse(message.data);
  const tr = document.querySelector('#jobs tr[data-job="' + CSS.escape(job.jobId) + '"]');
  if (!tr || message.type !== 'progress' || tr.dataset.state !== job.state) {
    throttled('jobs', refreshJobs);
  } else {
    const percent = Math.floor(job.progress * 100) + '%';
    tr.dataset.progress = String(job.progress);
    const progress = tr.querySelector('progress');
    progress.value = job.progress;
    progress.textContent = percent;
    tr.querySelector('.percent').textContent = ' ' + percent;
    const cells = tr.children;
    cells[4].textContent = String(job.done);
    cells[5].textContent = String(job.failed);
    cells[6].textContent = String(job.cancelled);
    cells[7].textContent = String(job.rate);
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }
  if (job.jobId === state.jobId) throttled('job', refreshJob);
}

// server-sent events, with a slow poll only while the stream is down (the browser reconnects by itself
// unless the server refused it, e.g. 503 at its subscriber cap: then a new stream is tried later)
function listen() {
  const events = new EventSource('/api/jobs/events');
  state.events = events;
  for (const type of ['progress', 'completed', 'cancelled']) events.addEventListener(type, onJobEvent);
  events.onopen = () => {
    if (state.fallback) {
      clearInterval(state.fallback);
      state.fallback = null;
    }
    document.body.dataset.live = 'true';
    // whatever happened while the stream was down
    tick(refreshJobs);
    tick(refreshJob);
  };
  events.onerror = () => {
    document.body.dataset.live = 'false';
    if (!state.fallback) {
      state.fallback = setInterval(() => {
        tick(refreshJobs);
        tick(refreshJob);
      }, 5000);
    }
    if (events.readyState === EventSource.CLOSED) setTimeout(listen, 30000);
  };
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('election-form').addEventListener('submit', createElection);
  document.getElementById('job-form').addEventListener('submit', startJob);
  const hash = new URLSearchParams(location.hash.substring(1));
  if (hash.get('job')) openJob(hash.get('job'));
  tick(refreshNodes);
  tick(refreshElections);
  tick(refreshJobs);
  // nodes have no event stream: every two seconds is enough to see one come or go
  setInterval(() => tick(refreshNodes), 2000);
  listen();
  document.body.dataset.loaded = 'true';
});
